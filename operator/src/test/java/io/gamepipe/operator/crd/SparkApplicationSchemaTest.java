package io.gamepipe.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.MockCluster;
import io.gamepipe.operator.builders.SparkApplicationBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SparkApplications the operator builds, against the test CRD (src/test/resources/sparkapplication-test-crd.yaml,
 * strict: a field it does not declare would be pruned by a real API server). The test CRD declares only the
 * fields the operator sets, with the types, enums and bounds of the spark-operator's real v1beta2 CRD
 * (chart 2.5.0-rc.0); the project reads nothing outside its own clone, so the real CRD is not used here.
 */
class SparkApplicationSchemaTest {
  static List<GenericKubernetesResource> everyKindOfRun() {
    GamePipeline plain = Fixtures.pipeline("demo", "games");
    GamePipeline placed = Fixtures.pipeline("placed", "games");
    placed.getSpec().pod.nodeSelector.put("pool", "spark");
    placed.getSpec().pod.tolerations.add(new TolerationBuilder().withKey("spot").withOperator("Exists")
        .withEffect("NoSchedule").withTolerationSeconds(30L).build());
    placed.getSpec().spark.executor.instances = 3;
    List<GenericKubernetesResource> runs = new ArrayList<>();
    for (JobName job : JobName.values()) {
      runs.add(SparkApplicationBuilder.build(plain, job, "demo-" + job.id() + "-r-1", "request", Instant.EPOCH));
      runs.add(SparkApplicationBuilder.build(placed, job, "placed-" + job.id() + "-s-1", "schedule", Instant.EPOCH));
    }
    return runs;
  }

  @Test
  void builtRunsSatisfyTheTestCrdStrictly() {
    JsonNode schema = SchemaSupport.strict(SchemaSupport.openApiSchema(MockCluster.crd(MockCluster.SPARKAPPLICATION_CRD)));
    assertThat(everyKindOfRun()).allSatisfy(run -> assertThat(SchemaSupport.errors(schema, run)).isEmpty());
  }

  @Test
  void theTestCrdRefusesWhatTheRealOneRefuses() {
    JsonNode schema = SchemaSupport.openApiSchema(MockCluster.crd(MockCluster.SPARKAPPLICATION_CRD));
    GenericKubernetesResource run = everyKindOfRun().get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) run.getAdditionalProperties().get("spec");
    spec.put("type", "Kotlin");
    spec.remove("sparkVersion");
    @SuppressWarnings("unchecked")
    Map<String, Object> executor = (Map<String, Object>) spec.get("executor");
    executor.put("instances", 0);
    assertThat(SchemaSupport.errors(schema, run)).hasSize(3);
  }
}
