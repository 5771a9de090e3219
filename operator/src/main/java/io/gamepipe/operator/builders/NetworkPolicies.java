package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingress NetworkPolicies, one per protected component: each admits, port by port, only the pods of this pipeline
 * that use the component, plus the operator's own pods for what it reads (Kafka offsets, WebHDFS). Egress is left
 * open. Kubelet probes are not affected: traffic from a pod's own node is always allowed. Rules are listed in
 * docs/kubernetes.md.
 */
public final class NetworkPolicies {
  /** Labels of the operator's pods, in k8s/operator/deployment.yaml and the chart alike (any namespace). */
  public static final Map<String, String> OPERATOR_PODS = operatorPodLabels();
  /** Both HDFS roles carry these in app.kubernetes.io/name: one policy covers the NameNode and the DataNodes. */
  static final List<String> HDFS_COMPONENTS = List.of(HdfsBuilder.NAMENODE, HdfsBuilder.DATANODE);
  public static final String HDFS = "hdfs";

  private NetworkPolicies() {
  }

  public static boolean wanted(GamePipeline cr) {
    return cr.getSpec().networkPolicies.enabled;
  }

  public static boolean wantedForZooKeeper(GamePipeline cr) {
    return wanted(cr) && cr.getSpec().kafka.mode == KafkaMode.ZooKeeper;
  }

  public static boolean wantedForGameApi(GamePipeline cr) {
    return wanted(cr) && cr.getSpec().gameApi.enabled;
  }

  private static Map<String, String> operatorPodLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.COMPONENT, "operator");
    labels.put(Labels.PART_OF, "gamepipe");
    return Collections.unmodifiableMap(labels);
  }

  /**
   * Kafka's client port: the API (produces), the topic Job (creates the topic), Spark drivers and executors (read
   * the topic), the operator (reads end offsets). Both ports between brokers: replication and, in KRaft mode, the
   * controller quorum.
   */
  public static NetworkPolicy kafka(GamePipeline cr) {
    return policy(cr, Names.kafka(cr), KafkaBuilder.COMPONENT, podsOf(cr, KafkaBuilder.COMPONENT),
        rule(ports(Names.KAFKA_PORT), pods(cr, GameApiBuilder.COMPONENT), pods(cr, TopicBuilder.COMPONENT),
            pods(cr, SparkApplicationBuilder.COMPONENT)),
        rule(ports(Names.KAFKA_PORT, Names.KAFKA_CONTROLLER_PORT), pods(cr, KafkaBuilder.COMPONENT)),
        rule(ports(Names.KAFKA_PORT), operatorPods()));
  }

  /** ZooKeeper's client port for the brokers; client, peer and election ports among the servers themselves. */
  public static NetworkPolicy zooKeeper(GamePipeline cr) {
    return policy(cr, Names.zooKeeper(cr), ZooKeeperBuilder.COMPONENT, podsOf(cr, ZooKeeperBuilder.COMPONENT),
        rule(ports(Names.ZOOKEEPER_PORT), pods(cr, KafkaBuilder.COMPONENT)),
        rule(ports(Names.ZOOKEEPER_PORT, Names.ZOOKEEPER_PEER_PORT, Names.ZOOKEEPER_ELECTION_PORT),
            pods(cr, ZooKeeperBuilder.COMPONENT)));
  }

  /**
   * HDFS: Spark pods reach the NameNode's RPC port and the DataNodes' data port (what an HDFS client uses);
   * NameNode and DataNodes reach each other on every HDFS port; the operator reads over WebHDFS, the NameNode's
   * HTTP port redirecting it to a DataNode's.
   */
  public static NetworkPolicy hdfs(GamePipeline cr) {
    LabelSelector hdfsPods = hdfsPods(cr);
    return policy(cr, Names.hdfs(cr), HDFS, hdfsPods,
        rule(ports(Names.NAMENODE_RPC_PORT, Names.DATANODE_DATA_PORT), pods(cr, SparkApplicationBuilder.COMPONENT)),
        rule(ports(Names.NAMENODE_RPC_PORT, Names.NAMENODE_HTTP_PORT, Names.DATANODE_DATA_PORT,
            Names.DATANODE_HTTP_PORT), new NetworkPolicyPeerBuilder().withPodSelector(hdfsPods).build()),
        rule(ports(Names.NAMENODE_HTTP_PORT, Names.DATANODE_HTTP_PORT), operatorPods()));
  }

  /**
   * The API's HTTP port from networkPolicies.apiFrom (anyone when empty: an Ingress controller or Gateway may run
   * in any namespace, and the API is the public entry); its management port (health, metrics) from pods of the
   * cluster only, where Prometheus runs.
   */
  public static NetworkPolicy gameApi(GamePipeline cr) {
    List<NetworkPolicyPeer> from = new ArrayList<>(cr.getSpec().networkPolicies.apiFrom);
    return policy(cr, Names.gameApi(cr), GameApiBuilder.COMPONENT, podsOf(cr, GameApiBuilder.COMPONENT),
        rule(ports(Names.API_PORT), from.toArray(NetworkPolicyPeer[]::new)),
        rule(ports(Names.API_MANAGEMENT_PORT), new NetworkPolicyPeerBuilder()
            .withNewNamespaceSelector().endNamespaceSelector().build()));
  }

  static LabelSelector hdfsPods(GamePipeline cr) {
    return new LabelSelectorBuilder()
        .addToMatchLabels(Labels.INSTANCE, cr.getMetadata().getName())
        .addNewMatchExpression().withKey(Labels.NAME).withOperator("In").withValues(HDFS_COMPONENTS)
        .endMatchExpression()
        .build();
  }

  static LabelSelector podsOf(GamePipeline cr, String component) {
    return new LabelSelectorBuilder().withMatchLabels(Labels.selector(cr, component)).build();
  }

  /** The pods of one component of this pipeline (same namespace: a peer without namespaceSelector). */
  static NetworkPolicyPeer pods(GamePipeline cr, String component) {
    return new NetworkPolicyPeerBuilder().withPodSelector(podsOf(cr, component)).build();
  }

  /** The operator's pods in whatever namespace it is installed. */
  static NetworkPolicyPeer operatorPods() {
    return new NetworkPolicyPeerBuilder()
        .withNewNamespaceSelector().endNamespaceSelector()
        .withNewPodSelector().withMatchLabels(new LinkedHashMap<>(OPERATOR_PODS)).endPodSelector()
        .build();
  }

  static List<NetworkPolicyPort> ports(int... numbers) {
    return Arrays.stream(numbers)
        // Protocol given although TCP is the default: the server fills it in, and server-side apply would see a change.
        .mapToObj(port -> new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build())
        .toList();
  }

  /** An ingress rule; no peer means from anywhere. */
  static NetworkPolicyIngressRule rule(List<NetworkPolicyPort> ports, NetworkPolicyPeer... from) {
    return new NetworkPolicyIngressRuleBuilder().withPorts(ports).withFrom(from).build();
  }

  private static NetworkPolicy policy(GamePipeline cr, String name, String component, LabelSelector podSelector,
      NetworkPolicyIngressRule... rules) {
    return new NetworkPolicyBuilder()
        .withMetadata(Ownership.meta(cr, name, component))
        .withNewSpec()
        .withPodSelector(podSelector)
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }
}
