package io.gamepipe.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.reconciler.SpecValidator;
import org.junit.jupiter.api.Test;

/** The sample GamePipelines in k8s/samples pass the generated CRD's schema, and it refuses broken ones. */
class SamplesTest {
  private static final CrdSchema SCHEMA = CrdSchema.of(Repo.GENERATED_CRD);
  private static final Path SAMPLES = Repo.K8S.resolve("samples");

  @Test
  void everySampleIsAValidGamePipeline() throws Exception {
    List<Path> samples;
    try (var files = Files.list(SAMPLES)) {
      samples = files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(samples).extracting(file -> file.getFileName().toString()).contains("minimal.yaml", "original.yaml");
    for (Path sample : samples) {
      JsonNode object = CrdSchema.yaml(sample);
      assertThat(object.path("apiVersion").asText()).as(sample.toString()).isEqualTo("gamepipe.io/v1alpha1");
      assertThat(object.path("kind").asText()).as(sample.toString()).isEqualTo("GamePipeline");
      assertThat(SCHEMA.problems(object)).as("schema problems of %s", sample).isEmpty();
    }
  }

  @Test
  void everySamplePassesTheOperatorsOwnChecks() throws Exception {
    // What the schema cannot say (CEL rules, odd ensembles, cron): the operator refuses such a spec at reconcile time.
    try (var files = Files.list(SAMPLES)) {
      for (Path sample : files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList()) {
        GamePipeline pipeline = Serialization.unmarshal(Repo.read(sample), GamePipeline.class);
        assertThat(SpecValidator.validate(pipeline)).as("operator's checks of %s", sample).isEmpty();
      }
    }
    ObjectNode evenEnsemble = original().deepCopy();
    evenEnsemble.withObjectProperty("spec").withObjectProperty("zookeeper").put("replicas", 2);
    GamePipeline refused = Serialization.unmarshal(CrdSchema.YAML.writeValueAsString(evenEnsemble), GamePipeline.class);
    assertThat(SpecValidator.validate(refused)).isNotEmpty();
  }

  @Test
  void originalReproducesTheWalkthrough() {
    JsonNode spec = original().path("spec");
    assertThat(spec.at("/kafka/mode").asText()).isEqualTo("ZooKeeper");
    assertThat(spec.at("/kafka/topic/name").asText()).isEqualTo("events");
    assertThat(spec.at("/spark/jobs")).extracting(JsonNode::asText).containsExactly("extract", "transform", "separate");
    assertThat(spec.at("/spark/outputRoot").asText()).isEqualTo("/tmp");
    // The way in is the Gateway e2e/kind.sh creates; no Ingress (ingress-nginx is end-of-life).
    assertThat(spec.at("/gameApi/httpRoute/gateway").asText()).isEqualTo("gamepipe");
    assertThat(spec.at("/gameApi/ingress").isMissingNode()).isTrue();
  }

  @Test
  void schemaRefusesBrokenPipelinesNamingTheField() {
    assertRefused(spec -> spec.withObjectProperty("kafka").put("mode", "Zookeeper"), "kafka.mode");
    assertRefused(spec -> spec.withObjectProperty("spark").withArrayProperty("jobs").add("load"), "spark.jobs");
    assertRefused(spec -> spec.withObjectProperty("spark").putObject("runRequest").put("id", "Run_1"), "spark.runRequest.id");
    assertRefused(spec -> spec.withObjectProperty("kafka").put("brokers", 0), "kafka.brokers");
    assertRefused(spec -> spec.withObjectProperty("gameApi").withObjectProperty("ingress").put("host", "Local Host"), "gameApi.ingress.host");
    assertRefused(spec -> spec.withObjectProperty("kafka").put("brokers", "three"), "kafka.brokers");
  }

  private static void assertRefused(Consumer<ObjectNode> breakSpec, String field) {
    ObjectNode broken = original().deepCopy();
    breakSpec.accept(broken.withObjectProperty("spec"));
    assertThat(SCHEMA.problems(broken)).as("problems after breaking %s", field).isNotEmpty()
        .anySatisfy(message -> assertThat(message).contains("spec." + field));
  }

  private static ObjectNode original() {
    return (ObjectNode) CrdSchema.yaml(SAMPLES.resolve("original.yaml"));
  }
}
