package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;

/**
 * PodDisruptionBudgets of the quorum and storage StatefulSets: how many pods a voluntary disruption (a node drain)
 * may take at once without losing a quorum or the last copy of some data. When that number is 0 (one replica, or
 * data kept once) no budget is created: a budget allowing nothing would block every drain for ever, and a drain
 * would then need a person to delete it; docs/kubernetes.md says what such a pipeline risks.
 */
public final class DisruptionBudgets {
  private DisruptionBudgets() {
  }

  /** A majority of the ensemble must stay: of 2n+1 servers, n may go. */
  public static int zooKeeperAllowed(GamePipeline cr) {
    return quorumSlack(cr.getSpec().zookeeper.replicas);
  }

  /**
   * One broker at a time, and only when every partition of the events topic keeps a replica (topic replication at
   * least 2) and, in KRaft mode where every broker is a controller voter, the controller quorum keeps a majority.
   * One rather than more: the internal topics' min.insync.replicas is 2 (KafkaBuilder).
   */
  public static int kafkaAllowed(GamePipeline cr) {
    var kafka = cr.getSpec().kafka;
    int allowed = Math.min(1, kafka.topic.replication - 1);
    if (kafka.mode == KafkaMode.KRaft) {
      allowed = Math.min(allowed, quorumSlack(kafka.brokers));
    }
    return Math.max(0, allowed);
  }

  /** Any replication - 1 DataNodes may go: every block keeps a copy (blocks may sit on any of them). */
  public static int dataNodesAllowed(GamePipeline cr) {
    return Math.max(0, Math.min(cr.getSpec().hdfs.replication, cr.getSpec().hdfs.dataNodes.replicas) - 1);
  }

  static int quorumSlack(int members) {
    return members - (members / 2 + 1);
  }

  public static PodDisruptionBudget zooKeeper(GamePipeline cr) {
    return budget(cr, Names.zooKeeper(cr), ZooKeeperBuilder.COMPONENT, zooKeeperAllowed(cr));
  }

  public static PodDisruptionBudget kafka(GamePipeline cr) {
    return budget(cr, Names.kafka(cr), KafkaBuilder.COMPONENT, kafkaAllowed(cr));
  }

  public static PodDisruptionBudget dataNodes(GamePipeline cr) {
    return budget(cr, Names.dataNode(cr), HdfsBuilder.DATANODE, dataNodesAllowed(cr));
  }

  private static PodDisruptionBudget budget(GamePipeline cr, String name, String component, int maxUnavailable) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(Ownership.meta(cr, name, component))
        .withNewSpec()
        .withNewSelector().withMatchLabels(Labels.selector(cr, component)).endSelector()
        .withMaxUnavailable(new IntOrString(maxUnavailable))
        // A pod that is not ready serves no quorum and no data: evicting it costs nothing, and a crash-looping pod
        // would otherwise hold every drain of its node.
        .withUnhealthyPodEvictionPolicy("AlwaysAllow")
        .endSpec()
        .build();
  }
}
