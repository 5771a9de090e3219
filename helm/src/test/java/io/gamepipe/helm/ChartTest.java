package io.gamepipe.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.gamepipe.operator.builders.NetworkPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart lints clean and renders what its values say, parsed back into typed objects. */
class ChartTest {
  private static final String FULLNAME = "gp-gamepipe-operator";

  @Test
  void strictLintIsClean() {
    LintResult result = Chart.helm().lint().strict().call();
    String messages = String.join("\n", result.getMessages());
    assertThat(result.isFailed()).as(messages).isFalse();
    assertThat(result.getMessages()).as(messages).noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
  }

  /**
   * The pipelines' NetworkPolicies admit the operator's pods (Kafka offsets, WebHDFS) by labels that the chart's values
   * do not change, in the chart and in k8s/ alike.
   */
  @Test
  void theOperatorsPodsCarryTheLabelsTheNetworkPoliciesAdmit() {
    List<HasMetadata> labelled = Chart.render(command -> command.set("podLabels.team", "data"));
    for (List<HasMetadata> objects : List.of(Chart.render(), labelled,
        Repo.objects(Repo.K8S.resolve("operator/deployment.yaml")))) {
      assertThat(Repo.only(objects, Deployment.class).getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(NetworkPolicies.OPERATOR_PODS);
    }
  }

  @Test
  void defaultsInstallTheOperatorForEveryNamespace() {
    List<HasMetadata> objects = Chart.render();

    assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder(
        "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment");
    ServiceAccount account = Repo.only(objects, ServiceAccount.class);
    assertThat(account.getMetadata().getName()).isEqualTo(FULLNAME);

    ClusterRoleBinding binding = Repo.only(objects, ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(Repo.only(objects, ClusterRole.class).getMetadata().getName());
    assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
      assertThat(subject.getName()).isEqualTo(FULLNAME);
      assertThat(subject.getNamespace()).isEqualTo(Chart.NAMESPACE);
    });
    Role leaderElection = Repo.only(objects, Role.class);
    assertThat(leaderElection.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);

    Deployment deployment = Repo.only(objects, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(FULLNAME);
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo("gamepipe/operator:" + chartAppVersion());
    assertThat(env(operator)).containsEntry("WATCH_NAMESPACES", "").containsEntry("LEADER_ELECTION_ENABLED", "true");
    assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void everyObjectCarriesTheRecommendedLabels() {
    for (HasMetadata object : Chart.render(command -> command.set("gamePipeline.create", "true"))) {
      assertThat(object.getMetadata().getLabels()).as("labels of %s", object.getKind())
          .containsEntry("app.kubernetes.io/name", "gamepipe-operator")
          .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
          .containsEntry("app.kubernetes.io/version", chartAppVersion())
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("app.kubernetes.io/part-of", "gamepipe")
          .containsKey("helm.sh/chart");
    }
  }

  @Test
  void theChartDeploymentRunsTheOperatorLikeThePlainManifest() {
    Deployment chart = Repo.only(Chart.render(), Deployment.class);
    Deployment plain = Repo.only(Repo.objects(Repo.K8S.resolve("operator/deployment.yaml")), Deployment.class);
    Container chartContainer = chart.getSpec().getTemplate().getSpec().getContainers().get(0);
    Container plainContainer = plain.getSpec().getTemplate().getSpec().getContainers().get(0);
    // Same program, same settings: only names and labels may differ.
    assertThat(chartContainer.getImage()).isEqualTo(plainContainer.getImage());
    assertThat(chartContainer.getEnv()).isEqualTo(plainContainer.getEnv());
    assertThat(chartContainer.getPorts()).isEqualTo(plainContainer.getPorts());
    assertThat(chartContainer.getLivenessProbe()).isEqualTo(plainContainer.getLivenessProbe());
    assertThat(chartContainer.getReadinessProbe()).isEqualTo(plainContainer.getReadinessProbe());
    assertThat(chartContainer.getSecurityContext()).isEqualTo(plainContainer.getSecurityContext());
    assertThat(chartContainer.getResources()).isEqualTo(plainContainer.getResources());
    assertThat(chartContainer.getVolumeMounts()).isEqualTo(plainContainer.getVolumeMounts());
    assertThat(chart.getSpec().getTemplate().getSpec().getSecurityContext())
        .isEqualTo(plain.getSpec().getTemplate().getSpec().getSecurityContext());
    assertThat(chart.getSpec().getTemplate().getSpec().getVolumes()).isEqualTo(plain.getSpec().getTemplate().getSpec().getVolumes());
  }

  @Test
  void nonDefaultValuesReachTheObjects(@TempDir Path dir) throws Exception {
    Path values = dir.resolve("values.yaml");
    Files.writeString(values, """
        image:
          repository: registry.example.com/games/operator
          tag: 0.2.0-rc1
          pullPolicy: Always
        replicaCount: 2
        serviceAccount:
          name: pipeline-operator
        watchNamespaces: [team-a, team-b]
        resources:
          requests: {cpu: 250m, memory: 384Mi}
          limits: {memory: 768Mi}
        nodeSelector: {pool: operators}
        extraEnv:
          - name: LEADER_ELECTION_LEASE_NAME
            value: games-operator
        gamePipeline:
          create: true
          name: original
          spec:
        """ + indentedOriginalSpec());
    List<HasMetadata> objects = Chart.renderWithValues(values);

    assertThat(Repo.all(objects, ClusterRole.class)).as("nothing cluster-wide when namespaces are listed").isEmpty();
    assertThat(Repo.all(objects, ClusterRoleBinding.class)).isEmpty();
    List<Role> pipelineRoles = Repo.all(objects, Role.class).stream()
        .filter(role -> !role.getMetadata().getName().endsWith("-leader-election")).toList();
    assertThat(pipelineRoles).extracting(role -> role.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
    ClusterRole allNamespaces = Repo.only(Chart.render(), ClusterRole.class);
    assertThat(pipelineRoles).allSatisfy(role -> assertThat(role.getRules()).isEqualTo(allNamespaces.getRules()));
    assertThat(Repo.all(objects, RoleBinding.class)).hasSize(3).allSatisfy(binding ->
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
          assertThat(subject.getName()).isEqualTo("pipeline-operator");
          assertThat(subject.getNamespace()).isEqualTo(Chart.NAMESPACE);
        }));
    assertThat(Repo.only(objects, ServiceAccount.class).getMetadata().getName()).isEqualTo("pipeline-operator");

    Deployment deployment = Repo.only(objects, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getNodeSelector()).containsExactly(Map.entry("pool", "operators"));
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo("registry.example.com/games/operator:0.2.0-rc1");
    assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
    assertThat(env(operator)).containsEntry("WATCH_NAMESPACES", "team-a,team-b")
        .containsEntry("LEADER_ELECTION_LEASE_NAME", "games-operator");
    assertThat(operator.getResources().getRequests()).containsEntry("cpu", new Quantity("250m"));
    assertThat(operator.getResources().getLimits()).containsEntry("memory", new Quantity("768Mi"));

    GenericKubernetesResource pipeline = Repo.only(objects, GenericKubernetesResource.class);
    assertThat(pipeline.getKind()).isEqualTo("GamePipeline");
    assertThat(pipeline.getMetadata().getName()).isEqualTo("original");
    assertThat(pipeline.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    JsonNode rendered = CrdSchema.YAML.valueToTree(pipeline);
    assertThat(rendered.path("spec")).isEqualTo(originalSample().path("spec"));
    assertThat(CrdSchema.of(Repo.GENERATED_CRD).problems(rendered)).isEmpty();
  }

  @Test
  void leaderElectionOffDropsTheLeaseRole() {
    List<HasMetadata> objects = Chart.render(command -> command.set("leaderElection.enabled", "false"));
    assertThat(Repo.all(objects, Role.class)).isEmpty();
    assertThat(env(Repo.only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)))
        .containsEntry("LEADER_ELECTION_ENABLED", "false");
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> Chart.render(command -> command.set("replicaCount", "-1")))
        .hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> Chart.render(command -> command.set("imageTag", "0.2.0")))
        .hasMessageContaining("imageTag");
    assertThatThrownBy(() -> Chart.render(command -> command.set("watchNamespaces[0]", "Team_A")))
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(() -> Chart.render(command -> command.set("image.pullPolicy", "Sometimes")))
        .hasMessageContaining("pullPolicy");
    assertThatThrownBy(() -> Chart.render(command -> command.set("replicaCount", "2").set("leaderElection.enabled", "false")))
        .hasMessageContaining("leaderElection.enabled");
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream().filter(env -> env.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static String chartAppVersion() {
    return CrdSchema.yaml(Repo.CHART.resolve("Chart.yaml")).path("appVersion").asText();
  }

  private static JsonNode originalSample() {
    return CrdSchema.yaml(Repo.K8S.resolve("samples/original.yaml"));
  }

  private static String indentedOriginalSpec() throws Exception {
    String spec = CrdSchema.YAML.writeValueAsString(originalSample().path("spec")).replaceFirst("^---\\s*\\n", "");
    return spec.lines().map(line -> "    " + line).collect(Collectors.joining("\n", "", "\n"));
  }
}
