package io.gamepipe.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gamepipe.operator.MockCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The generated CRD (target/classes/META-INF/fabric8/gamepipelines.gamepipe.io-v1.yml) against CR instances. */
class GamePipelineSchemaTest {
  static final CustomResourceDefinition CRD = MockCluster.crd(MockCluster.GAMEPIPELINE_CRD);
  static final JsonNode SCHEMA = SchemaSupport.strict(SchemaSupport.openApiSchema(CRD));
  static final KubernetesSerialization JSON = new KubernetesSerialization();

  static ObjectNode cr(String specJson) {
    ObjectNode cr = (ObjectNode) SchemaSupport.MAPPER.createObjectNode()
        .put("apiVersion", "gamepipe.io/v1alpha1").put("kind", "GamePipeline");
    cr.putObject("metadata").put("name", "demo").put("namespace", "games");
    try {
      cr.set("spec", SchemaSupport.MAPPER.readTree(specJson));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
    return cr;
  }

  @Test
  void crdHasTheAgreedNamesStatusSubresourceAndPrinterColumns() {
    assertThat(CRD.getMetadata().getName()).isEqualTo("gamepipelines.gamepipe.io");
    assertThat(CRD.getSpec().getNames().getShortNames()).containsExactly("gp");
    assertThat(CRD.getSpec().getScope()).isEqualTo("Namespaced");
    var version = CRD.getSpec().getVersions().get(0);
    assertThat(version.getName()).isEqualTo("v1alpha1");
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getAdditionalPrinterColumns()).extracting(c -> c.getName() + "=" + c.getJsonPath())
        .contains("Phase=.status.phase", "Kafka=.spec.kafka.mode", "Age=.metadata.creationTimestamp",
            "Lag=.status.freshness.eventsNotLanded", "Oldest-Not-Landed=.status.freshness.oldestNotLandedEventTime",
            "Fresh=.status.conditions[?(@.type==\"Fresh\")].status");
    JsonNode spec = SCHEMA.at("/properties/spec/properties");
    assertThat(spec.at("/kafka/description").asText()).isNotBlank();
    assertThat(spec.at("/spark/properties/schedule/description").asText()).startsWith("Cron schedule");
    assertThat(spec.at("/kafka/x-kubernetes-validations/0/rule").asText()).contains("self.topic.replication");
    assertThat(SCHEMA.at("/x-kubernetes-validations/0/rule").asText()).isEqualTo("self.metadata.name.size() <= 27");
    // At the root, where CEL may read metadata.name; the same pattern as the operator's own check.
    assertThat(SCHEMA.at("/x-kubernetes-validations/1/rule").asText())
        .isEqualTo("self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')");
    assertThat(SCHEMA.at("/x-kubernetes-validations/1/message").asText()).contains("DNS-1035");
  }

  @Test
  void aMinimalCrIsValidAndItsSchemaDefaultsAreTheOperatorsDefaults() {
    ObjectNode minimal = cr("{}");
    assertThat(SchemaSupport.errors(SCHEMA, minimal)).isEmpty();
    SchemaSupport.applyDefaults(SCHEMA.at("/properties/spec"), minimal.get("spec"));
    assertThat(SchemaSupport.errors(SCHEMA, minimal)).isEmpty();
    GamePipelineSpec defaulted = JSON.unmarshal(minimal.get("spec").toString(), GamePipelineSpec.class);
    assertThat(JSON.asJson(defaulted)).isEqualTo(JSON.asJson(new GamePipelineSpec()));
    assertThat(minimal.at("/spec/kafka/image").asText()).isEqualTo("apache/kafka:3.9.2");
    assertThat(minimal.at("/spec/zookeeper/image").asText()).isEqualTo("zookeeper:3.8.4");
    assertThat(minimal.at("/spec/hdfs/image").asText()).isEqualTo("apache/hadoop:3.3.6");
    assertThat(minimal.at("/spec/gameApi/image").asText()).isEqualTo("gamepipe/game-api:0.1.0");
    assertThat(minimal.at("/spec/spark/image").asText()).isEqualTo("gamepipe/spark-app:0.1.0");
    assertThat(minimal.at("/spec/kafka/mode").asText()).isEqualTo("KRaft");
    assertThat(minimal.at("/spec/deletionPolicy").asText()).isEqualTo("Retain");
  }

  @Test
  void aFullySpecifiedCrIsValid() {
    ObjectNode full = cr("""
        {"kafka": {"mode": "ZooKeeper", "brokers": 3, "image": "apache/kafka:3.9.2",
                   "storage": {"size": "10Gi", "storageClassName": "fast"},
                   "topic": {"name": "events", "partitions": 6, "replication": 3}},
         "zookeeper": {"replicas": 3, "image": "zookeeper:3.8.4", "storage": {"size": "1Gi"}},
         "hdfs": {"image": "apache/hadoop:3.3.6", "replication": 2, "nameNode": {"storage": {"size": "5Gi"}},
                  "dataNodes": {"replicas": 3, "storage": {"size": "50Gi"}}},
         "gameApi": {"enabled": true, "replicas": 2, "image": "gamepipe/game-api:0.1.0", "allowedItems": "sword,knife",
                     "resources": {"requests": {"cpu": "500m", "memory": "512Mi"}, "limits": {"memory": 1073741824}},
                     "ingress": {"host": "play.example.com", "className": "nginx", "tlsSecretName": "play-tls"}},
         "spark": {"image": "gamepipe/spark-app:0.1.0", "jobs": ["extract", "transform", "separate", "land", "compact"],
                   "schedule": "*/30 * * * *", "runRequest": {"id": "backfill-1", "jobs": ["land"]},
                   "outputRoot": "/data", "driver": {"cores": 1, "memory": "1g"},
                   "executor": {"instances": 2, "cores": 2, "memory": "2g"}, "historyLimit": 5},
         "pod": {"nodeSelector": {"pool": "data"},
                 "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "games", "effect": "NoSchedule"}],
                 "resources": {"requests": {"cpu": "250m"}}},
         "retention": {"days": 30},
         "deletionPolicy": "Delete"}
        """);
    assertThat(SchemaSupport.errors(SCHEMA, full)).isEmpty();
  }

  static java.util.stream.Stream<Arguments> invalidSpecs() {
    return java.util.stream.Stream.of(
        Arguments.of("{\"kafka\": {\"brokers\": 0}}", "minimum"),
        Arguments.of("{\"kafka\": {\"brokers\": 10}}", "maximum"),
        Arguments.of("{\"kafka\": {\"mode\": \"Raft\"}}", "enum"),
        Arguments.of("{\"kafka\": {\"storage\": {\"size\": \"lots\"}}}", "pattern"),
        Arguments.of("{\"kafka\": {\"topic\": {\"partitions\": 0}}}", "minimum"),
        Arguments.of("{\"kafka\": {\"topic\": {\"name\": \"bad topic\"}}}", "pattern"),
        Arguments.of("{\"zookeeper\": {\"replicas\": 9}}", "maximum"),
        Arguments.of("{\"hdfs\": {\"dataNodes\": {\"replicas\": 0}}}", "minimum"),
        Arguments.of("{\"gameApi\": {\"replicas\": -1}}", "minimum"),
        Arguments.of("{\"gameApi\": {\"enabled\": \"yes\"}}", "boolean"),
        Arguments.of("{\"gameApi\": {\"ingress\": {\"host\": \"Bad_Host\"}}}", "pattern"),
        Arguments.of("{\"spark\": {\"jobs\": [\"compress\"]}}", "enum"),
        Arguments.of("{\"retention\": {\"days\": 0}}", "minimum"),
        Arguments.of("{\"retention\": {\"days\": 36501}}", "maximum"),
        Arguments.of("{\"retention\": {}}", "required"),
        Arguments.of("{\"retention\": {\"days\": \"7d\"}}", "integer"),
        Arguments.of("{\"spark\": {\"schedule\": \"hourly\"}}", "pattern"),
        Arguments.of("{\"spark\": {\"runRequest\": {\"jobs\": [\"land\"]}}}", "required"),
        Arguments.of("{\"spark\": {\"runRequest\": {\"id\": \"Backfill\"}}}", "pattern"),
        Arguments.of("{\"spark\": {\"historyLimit\": 0}}", "minimum"),
        Arguments.of("{\"spark\": {\"executor\": {\"memory\": \"2 GB\"}}}", "pattern"),
        Arguments.of("{\"freshness\": {\"maxAge\": \"half an hour\"}}", "pattern"),
        Arguments.of("{\"freshness\": {\"pollInterval\": \"0s\"}}", "pattern"),
        Arguments.of("{\"freshness\": {\"maxEventsNotLanded\": -1}}", "minimum"),
        Arguments.of("{\"deletionPolicy\": \"Keep\"}", "enum"),
        Arguments.of("{\"kafka\": {\"brokerz\": 3}}", "brokerz"));
  }

  @ParameterizedTest(name = "{0} is refused ({1})")
  @MethodSource("invalidSpecs")
  void invalidSpecsAreRefused(String spec, String why) {
    assertThat(SchemaSupport.errors(SCHEMA, cr(spec))).isNotEmpty()
        .anySatisfy(message -> assertThat(message).containsIgnoringCase(why));
  }

  @Test
  void theJavaModelRoundTripsThroughTheSchema() {
    GamePipeline cr = io.gamepipe.operator.Fixtures.pipeline("demo", "games");
    cr.getSpec().kafka.mode = KafkaSpec.KafkaMode.ZooKeeper;
    cr.getSpec().spark.runRequest = new SparkSpec.RunRequest();
    cr.getSpec().spark.runRequest.id = "r1";
    Map<String, Object> asMap = JSON.convertValue(cr, Map.class);
    asMap.remove("status");
    assertThat(SchemaSupport.errors(SCHEMA, asMap)).isEmpty();
  }
}
