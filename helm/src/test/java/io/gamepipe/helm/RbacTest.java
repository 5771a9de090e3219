package io.gamepipe.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.gamepipe.operator.builders.SparkRbacBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's permissions: the same in k8s/ and in the chart, never a wildcard, and exactly the kinds
 * the operator's code touches (read from its sources, so a new kind there fails here until RBAC lists it).
 */
class RbacTest {
  private static final Pattern MODEL_IMPORT = Pattern.compile("(?m)^import\\s+(io\\.fabric8\\.kubernetes\\.api\\.model\\.[\\w.]+);");
  /** Granted for the operator's own bookkeeping rather than for an object kind it builds. */
  private static final Set<String> BOOKKEEPING = Set.of("gamepipelines/status");

  private static String operatorSources;
  private static Set<String> kindsInCode;

  @BeforeAll
  static void readOperatorSources() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(Repo.OPERATOR_SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        all.append(Repo.read(file)).append('\n');
      }
    }
    operatorSources = all.toString();
    kindsInCode = kindsImportedByTheOperator(operatorSources);
  }

  @Test
  void chartAndPlainManifestsGrantTheSameRules() {
    List<HasMetadata> plain = Repo.objects(Repo.K8S.resolve("operator/clusterrole.yaml"));
    List<HasMetadata> chart = Chart.render();
    assertThat(Repo.only(chart, ClusterRole.class).getRules()).isEqualTo(Repo.only(plain, ClusterRole.class).getRules());

    Role plainLeases = Repo.only(Repo.objects(Repo.K8S.resolve("operator/leader-election-role.yaml")), Role.class);
    assertThat(Repo.only(chart, Role.class).getRules()).isEqualTo(plainLeases.getRules());
  }

  @Test
  void noRuleUsesAWildcard() {
    List<PolicyRule> rules = new ArrayList<>();
    List<HasMetadata> everything = new ArrayList<>(Chart.render());
    everything.addAll(Chart.render(command -> command.set("watchNamespaces[0]", "team-a")));
    everything.addAll(Repo.objects(Repo.K8S.resolve("operator/clusterrole.yaml")));
    everything.addAll(Repo.objects(Repo.K8S.resolve("operator/leader-election-role.yaml")));
    for (HasMetadata object : everything) {
      if (object instanceof ClusterRole role) {
        rules.addAll(role.getRules());
      } else if (object instanceof Role role) {
        rules.addAll(role.getRules());
      }
    }
    assertThat(rules).hasSizeGreaterThan(10).allSatisfy(rule -> {
      assertThat(rule.getApiGroups()).isNotEmpty().doesNotContain("*");
      assertThat(rule.getResources()).isNotEmpty().doesNotContain("*");
      assertThat(rule.getVerbs()).isNotEmpty().doesNotContain("*");
      assertThat(rule.getNonResourceURLs()).isEmpty();
    });
  }

  @Test
  void everyKindTheOperatorBuildsIsGranted() {
    Set<String> granted = grantedResources();
    assertThat(kindsInCode).as("kinds imported by the operator").isNotEmpty();
    assertThat(granted).as("resources granted to the operator; add the missing ones to both k8s/operator/clusterrole.yaml"
        + " and the chart's _helpers.tpl").containsAll(kindsInCode);
  }

  @Test
  void everyGrantedResourceIsUsedByTheOperator() {
    String code = operatorSources.toLowerCase(Locale.ROOT);
    List<String> unused = new ArrayList<>();
    for (String resource : grantedResources()) {
      String plural = resource.substring(resource.indexOf('/') + 1);
      boolean used = kindsInCode.contains(resource) || BOOKKEEPING.contains(plural)
          || code.contains("\"" + plural + "\"") || code.contains("." + plural + "()");
      if (!used) {
        unused.add(resource);
      }
    }
    assertThat(unused).as("granted but not found in the operator's code (least privilege: drop them)").isEmpty();
  }

  @Test
  void theOperatorHoldsEverythingItGrantsToSparkDrivers() {
    // Kubernetes refuses to let a subject create a Role granting more than it holds itself (no escalate verb here).
    GamePipeline pipeline = new GamePipeline();
    pipeline.setMetadata(new ObjectMetaBuilder().withName("original").withNamespace("default").withUid("u-1").build());
    Set<String> sparkGrants = permissions(SparkRbacBuilder.role(pipeline).getRules());
    ClusterRole operator = Repo.only(Repo.objects(Repo.K8S.resolve("operator/clusterrole.yaml")), ClusterRole.class);
    assertThat(sparkGrants).isNotEmpty();
    assertThat(permissions(operator.getRules())).containsAll(sparkGrants);
  }

  /** Every group/resource:verb a list of rules allows. */
  private static Set<String> permissions(List<PolicyRule> rules) {
    Set<String> permissions = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          rule.getVerbs().forEach(verb -> permissions.add(group + "/" + resource + ":" + verb));
        }
      }
    }
    return permissions;
  }

  /** group/plural of every resource the ClusterRole grants, e.g. "apps/statefulsets", "/services". */
  private static Set<String> grantedResources() {
    Set<String> granted = new TreeSet<>();
    ClusterRole role = Repo.only(Repo.objects(Repo.K8S.resolve("operator/clusterrole.yaml")), ClusterRole.class);
    for (PolicyRule rule : role.getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          granted.add(group + "/" + resource);
        }
      }
    }
    return granted;
  }

  /** group/plural of every fabric8 model kind (a HasMetadata class) the operator's sources import. */
  private static Set<String> kindsImportedByTheOperator(String sources) {
    Set<String> kinds = new TreeSet<>();
    Matcher imports = MODEL_IMPORT.matcher(sources);
    while (imports.find()) {
      Class<?> type;
      try {
        type = Class.forName(imports.group(1));
      } catch (ClassNotFoundException notAModelClass) {
        continue;
      }
      // GenericKubernetesResource stands for any kind (the SparkApplications): handled below.
      if (HasMetadata.class.isAssignableFrom(type) && !type.isInterface() && type != GenericKubernetesResource.class) {
        @SuppressWarnings("unchecked")
        Class<? extends HasMetadata> kind = (Class<? extends HasMetadata>) type;
        kinds.add(HasMetadata.getGroup(kind) + "/" + HasMetadata.getPlural(kind));
      }
    }
    if (sources.contains("sparkoperator.k8s.io")) {
      kinds.add("sparkoperator.k8s.io/sparkapplications");
    }
    kinds.add("gamepipe.io/gamepipelines");
    return kinds;
  }

}
