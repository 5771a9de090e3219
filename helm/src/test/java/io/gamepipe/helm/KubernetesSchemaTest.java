package io.gamepipe.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.ValidationReport;
import io.fabric8.kubernetes.schema.validator.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What an API server's schema check would say about the manifests, using Kubernetes' published OpenAPI
 * schemas (kubectl here has no server to ask): the chart's renders and every file in k8s/operator.
 */
class KubernetesSchemaTest {
  private static final Validator VALIDATOR = Validator.newInstance();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void chartRendersPassTheKubernetesSchemas() {
    List<HasMetadata> objects = new ArrayList<>(Chart.render());
    objects.addAll(Chart.render(command -> command.set("watchNamespaces[0]", "team-a").set("replicaCount", "2")
        .set("nodeSelector.pool", "operators").set("imagePullSecrets[0].name", "registry")));
    assertThat(objects).hasSizeGreaterThan(8);
    for (HasMetadata object : objects) {
      assertThat(problems(SERIALIZATION.convertValue(object, JsonNode.class)))
          .as("%s %s", object.getKind(), object.getMetadata().getName()).isEmpty();
    }
  }

  @Test
  void plainManifestsPassTheKubernetesSchemas() throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(Repo.K8S.resolve("operator"))) {
      files = list.sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      for (HasMetadata object : Repo.objects(file)) {
        assertThat(problems(SERIALIZATION.convertValue(object, JsonNode.class))).as("%s in %s", object.getKind(), file).isEmpty();
      }
    }
  }

  @Test
  void aBrokenDeploymentIsRefused() {
    HasMetadata deployment = Repo.objects(Repo.K8S.resolve("operator/deployment.yaml")).get(0);
    ObjectNode broken = SERIALIZATION.convertValue(deployment, ObjectNode.class);
    broken.withObjectProperty("spec").put("replicas", "one");
    assertThat(problems(broken)).isNotEmpty().anySatisfy(message -> assertThat(message).contains("replicas"));
  }

  private static List<String> problems(JsonNode object) {
    ValidationReport report = VALIDATOR.validate(object);
    return report.getMessages().stream()
        .filter(message -> message.getLevel() == ValidationMessage.Level.ERROR)
        .map(ValidationMessage::getMessage).toList();
  }
}
