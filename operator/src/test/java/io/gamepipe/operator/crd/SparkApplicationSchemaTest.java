package io.gamepipe.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.MockCluster;
import io.gamepipe.operator.builders.SparkApplicationBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SparkApplications the operator builds, against the test CRD (src/test/resources/sparkapplication-test-crd.yaml,
 * strict: a field it does not declare would be pruned by a real API server), and against the spark-operator's
 * real CRD when a checkout of the shared reference material is next to the project (skipped otherwise).
 */
class SparkApplicationSchemaTest {
  static final Path REAL_CRD = Path.of("../../shared/reference/spark-operator-crds/sparkoperator.k8s.io_sparkapplications.yaml");

  static List<GenericKubernetesResource> everyKindOfRun() {
    GamePipeline plain = Fixtures.pipeline("demo", "games");
    GamePipeline placed = Fixtures.pipeline("placed", "games");
    placed.getSpec().pod.nodeSelector.put("pool", "spark");
    placed.getSpec().pod.tolerations.add(new TolerationBuilder().withKey("spot").withOperator("Exists")
        .withEffect("NoSchedule").withTolerationSeconds(30L).build());
    placed.getSpec().spark.executor.instances = 3;
    List<GenericKubernetesResource> runs = new ArrayList<>();
    for (SparkJob job : SparkJob.values()) {
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

  @Test
  void builtRunsSatisfyTheSparkOperatorsRealCrd() throws Exception {
    assumeTrue(Files.exists(REAL_CRD), "reference CRD not present: " + REAL_CRD.toAbsolutePath());
    CustomResourceDefinition real;
    try (InputStream in = Files.newInputStream(REAL_CRD)) {
      real = new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    }
    JsonNode schema = SchemaSupport.strict(SchemaSupport.openApiSchema(real));
    assertThat(everyKindOfRun()).allSatisfy(run -> assertThat(SchemaSupport.errors(schema, run)).isEmpty());
  }
}
