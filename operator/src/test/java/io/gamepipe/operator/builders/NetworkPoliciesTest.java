package io.gamepipe.operator.builders;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.JobName;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each policy evaluated as Kubernetes reads it (pod selector, then any rule whose ports and peers match), with the
 * source pods' labels taken from the pods the other builders really create: a renamed label breaks this test,
 * not production traffic.
 */
class NetworkPoliciesTest {
  private static final String OPERATOR_NAMESPACE = "gamepipe-system";
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");
  private Map<String, Pod> pods;

  /** A pod: its labels, its namespace and that namespace's labels. */
  record Pod(Map<String, String> labels, String namespace, Map<String, String> namespaceLabels) {
  }

  @BeforeEach
  void podsOfThePipelineAndAround() {
    cr.getSpec().kafka.mode = KafkaMode.ZooKeeper;
    var run = SparkApplicationBuilder.build(cr, JobName.LAND, "game-land-r-1", "request", Instant.EPOCH);
    pods = new LinkedHashMap<>();
    pods.put("api", inPipeline(GameApiBuilder.deployment(cr).getSpec().getTemplate().getMetadata().getLabels()));
    pods.put("topic-job", inPipeline(TopicBuilder.job(cr).getSpec().getTemplate().getMetadata().getLabels()));
    pods.put("spark-driver", inPipeline(run.<Map<String, String>>get("spec", "driver", "labels")));
    pods.put("spark-executor", inPipeline(run.<Map<String, String>>get("spec", "executor", "labels")));
    pods.put("kafka", inPipeline(KafkaBuilder.statefulSet(cr).getSpec().getTemplate().getMetadata().getLabels()));
    pods.put("zookeeper",
        inPipeline(ZooKeeperBuilder.statefulSet(cr).getSpec().getTemplate().getMetadata().getLabels()));
    pods.put("namenode",
        inPipeline(HdfsBuilder.nameNodeStatefulSet(cr).getSpec().getTemplate().getMetadata().getLabels()));
    pods.put("datanode",
        inPipeline(HdfsBuilder.dataNodeStatefulSet(cr).getSpec().getTemplate().getMetadata().getLabels()));
    // The operator's pods as k8s/operator/deployment.yaml labels them (the chart's test checks both files).
    Map<String, String> operator = new LinkedHashMap<>(NetworkPolicies.OPERATOR_PODS);
    operator.put(Labels.NAME, "gamepipe-operator");
    pods.put("operator", new Pod(operator, OPERATOR_NAMESPACE, Map.of("kubernetes.io/metadata.name", OPERATOR_NAMESPACE)));
    GamePipeline other = Fixtures.pipeline("other", "prod");
    pods.put("api-of-another-pipeline",
        inPipeline(GameApiBuilder.deployment(other).getSpec().getTemplate().getMetadata().getLabels()));
    pods.put("stranger", inPipeline(Map.of("app", "debug")));
    pods.put("ingress-controller", new Pod(Map.of("app.kubernetes.io/name", "ingress-nginx"), "ingress-nginx",
        Map.of("kubernetes.io/metadata.name", "ingress-nginx")));
  }

  private Pod inPipeline(Map<String, String> labels) {
    return new Pod(labels, cr.getMetadata().getNamespace(), Map.of("kubernetes.io/metadata.name", "prod"));
  }

  @Test
  void kafkaTakesClientsFromTheApiTheTopicJobSparkAndTheOperatorAndItsControllerPortOnlyFromBrokers() {
    NetworkPolicy kafka = NetworkPolicies.kafka(cr);
    assertThat(admitted(kafka, "kafka", Names.KAFKA_PORT))
        .containsExactly("api", "kafka", "operator", "spark-driver", "spark-executor", "topic-job");
    assertThat(admitted(kafka, "kafka", Names.KAFKA_CONTROLLER_PORT)).containsExactly("kafka");
    assertThat(admitted(kafka, "kafka", Names.ZOOKEEPER_PORT)).isEmpty();
  }

  @Test
  void zooKeeperTakesOnlyBrokersAndItsOwnServers() {
    NetworkPolicy zk = NetworkPolicies.zooKeeper(cr);
    assertThat(admitted(zk, "zookeeper", Names.ZOOKEEPER_PORT)).containsExactly("kafka", "zookeeper");
    assertThat(admitted(zk, "zookeeper", Names.ZOOKEEPER_PEER_PORT)).containsExactly("zookeeper");
    assertThat(admitted(zk, "zookeeper", Names.ZOOKEEPER_ELECTION_PORT)).containsExactly("zookeeper");
  }

  @Test
  void hdfsTakesSparkOnItsClientPortsItselfOnEveryPortAndTheOperatorOnWebHdfs() {
    NetworkPolicy hdfs = NetworkPolicies.hdfs(cr);
    for (String role : List.of("namenode", "datanode")) {
      assertThat(admitted(hdfs, role, Names.NAMENODE_RPC_PORT)).as(role)
          .containsExactly("datanode", "namenode", "spark-driver", "spark-executor");
      assertThat(admitted(hdfs, role, Names.DATANODE_DATA_PORT)).as(role)
          .containsExactly("datanode", "namenode", "spark-driver", "spark-executor");
      assertThat(admitted(hdfs, role, Names.NAMENODE_HTTP_PORT)).as(role)
          .containsExactly("datanode", "namenode", "operator");
      assertThat(admitted(hdfs, role, Names.DATANODE_HTTP_PORT)).as(role)
          .containsExactly("datanode", "namenode", "operator");
    }
    assertThat(hdfs.getMetadata().getName()).isEqualTo("game-hdfs");
  }

  @Test
  void theApiIsOpenToAnyoneUnlessPeersAreNamedAndItsManagementPortToPodsOfTheCluster() {
    Set<String> everyone = new TreeSet<>(pods.keySet());
    assertThat(admitted(NetworkPolicies.gameApi(cr), "api", Names.API_PORT)).containsExactlyElementsOf(everyone);
    assertThat(NetworkPolicies.gameApi(cr).getSpec().getIngress().get(0).getFrom()).as("from anywhere").isEmpty();

    NetworkPolicyPeer ingressNamespace = new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
        .addToMatchLabels("kubernetes.io/metadata.name", "ingress-nginx").endNamespaceSelector().build();
    cr.getSpec().networkPolicies.apiFrom = List.of(ingressNamespace);
    NetworkPolicy narrowed = NetworkPolicies.gameApi(cr);
    assertThat(admitted(narrowed, "api", Names.API_PORT)).containsExactly("ingress-controller");
    assertThat(admitted(narrowed, "api", Names.API_MANAGEMENT_PORT)).containsExactlyElementsOf(everyone);
    assertThat(narrowed.getSpec().getIngress().get(1).getFrom()).singleElement()
        .satisfies(peer -> assertThat(peer.getNamespaceSelector()).as("any namespace, no outside address").isNotNull());
  }

  @Test
  void policiesOfOnePipelineSelectOnlyItsPods() {
    pods.put("kafka-of-another-pipeline", inPipeline(KafkaBuilder.statefulSet(Fixtures.pipeline("other", "prod"))
        .getSpec().getTemplate().getMetadata().getLabels()));
    assertThat(selects(NetworkPolicies.kafka(cr), pods.get("kafka-of-another-pipeline"))).isFalse();
    assertThat(selects(NetworkPolicies.kafka(cr), pods.get("kafka"))).isTrue();
    assertThat(selects(NetworkPolicies.hdfs(cr), pods.get("kafka"))).isFalse();
    assertThat(selects(NetworkPolicies.gameApi(cr), pods.get("api-of-another-pipeline"))).isFalse();
  }

  @Test
  void everyPolicyIsOwnedRestrictsIngressOnlyAndSpellsOutItsProtocols() {
    var policies = List.of(NetworkPolicies.kafka(cr), NetworkPolicies.zooKeeper(cr), NetworkPolicies.hdfs(cr),
        NetworkPolicies.gameApi(cr));
    assertThat(policies).extracting(p -> p.getMetadata().getName())
        .containsExactly("game-kafka", "game-zookeeper", "game-hdfs", "game-game-api");
    for (NetworkPolicy policy : policies) {
      PodAssertions.assertOwned(policy, cr, policy.getMetadata().getLabels().get(Labels.NAME));
      assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
      assertThat(policy.getSpec().getEgress()).isEmpty();
      assertThat(policy.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getPorts()).isNotEmpty()
          .allSatisfy(port -> assertThat(port.getProtocol()).isEqualTo("TCP")));
    }
  }

  @Test
  void theSwitchAndTheModeDecideWhichPoliciesExist() {
    assertThat(NetworkPolicies.wanted(cr)).isTrue();
    assertThat(NetworkPolicies.wantedForZooKeeper(cr)).isTrue();
    assertThat(NetworkPolicies.wantedForGameApi(cr)).isTrue();
    cr.getSpec().kafka.mode = KafkaMode.KRaft;
    assertThat(NetworkPolicies.wantedForZooKeeper(cr)).as("no ZooKeeper in KRaft mode").isFalse();
    cr.getSpec().gameApi.enabled = false;
    assertThat(NetworkPolicies.wantedForGameApi(cr)).as("no API").isFalse();
    cr.getSpec().gameApi.enabled = true;
    cr.getSpec().kafka.mode = KafkaMode.ZooKeeper;
    cr.getSpec().networkPolicies.enabled = false;
    assertThat(List.of(NetworkPolicies.wanted(cr), NetworkPolicies.wantedForZooKeeper(cr),
        NetworkPolicies.wantedForGameApi(cr))).containsOnly(false);
  }

  /** The names of the pods the policy lets reach {@code target}'s {@code port}. */
  private Set<String> admitted(NetworkPolicy policy, String target, int port) {
    assertThat(selects(policy, pods.get(target))).as("%s selects %s", policy.getMetadata().getName(), target).isTrue();
    Set<String> admitted = new TreeSet<>();
    pods.forEach((name, source) -> {
      boolean allowed = policy.getSpec().getIngress().stream().anyMatch(rule ->
          rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port)
              && (rule.getFrom().isEmpty() || rule.getFrom().stream().anyMatch(peer -> matches(peer, source))));
      if (allowed) {
        admitted.add(name);
      }
    });
    return admitted;
  }

  private boolean selects(NetworkPolicy policy, Pod pod) {
    return pod.namespace().equals(policy.getMetadata().getNamespace())
        && matches(policy.getSpec().getPodSelector(), pod.labels());
  }

  /** A peer without namespaceSelector is the policy's own namespace; without podSelector, every pod. */
  private boolean matches(NetworkPolicyPeer peer, Pod source) {
    assertThat(peer.getIpBlock()).isNull();
    boolean namespace = peer.getNamespaceSelector() == null
        ? source.namespace().equals(cr.getMetadata().getNamespace())
        : matches(peer.getNamespaceSelector(), source.namespaceLabels());
    return namespace && (peer.getPodSelector() == null || matches(peer.getPodSelector(), source.labels()));
  }

  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    boolean matchLabels = selector.getMatchLabels() == null
        || selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    boolean expressions = selector.getMatchExpressions() == null
        || selector.getMatchExpressions().stream().allMatch(e -> switch (e.getOperator()) {
          case "In" -> e.getValues().contains(labels.get(e.getKey()));
          default -> throw new AssertionError("operator not evaluated here: " + e.getOperator());
        });
    return matchLabels && expressions;
  }
}
