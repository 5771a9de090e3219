package io.gamepipe.operator.builders;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisruptionBudgetsTest {
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");

  @ParameterizedTest(name = "{0} ZooKeeper servers: {1} may go")
  @CsvSource({"1, 0", "3, 1", "5, 2", "7, 3"})
  void zooKeeperKeepsAMajority(int servers, int allowed) {
    cr.getSpec().zookeeper.replicas = servers;
    assertThat(DisruptionBudgets.zooKeeperAllowed(cr)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0}, {1} brokers, topic replication {2}: {3} may go")
  @CsvSource({
      // KRaft: every broker is a voter; a pair has no majority left after losing one.
      "KRaft, 1, 1, 0", "KRaft, 2, 2, 0", "KRaft, 3, 1, 0", "KRaft, 3, 2, 1", "KRaft, 3, 3, 1", "KRaft, 5, 3, 1",
      // ZooKeeper mode: the quorum is ZooKeeper's; only the partitions' copies count.
      "ZooKeeper, 1, 1, 0", "ZooKeeper, 2, 1, 0", "ZooKeeper, 2, 2, 1", "ZooKeeper, 3, 3, 1"})
  void kafkaLetsOneBrokerGoOnlyWhenEveryPartitionAndTheQuorumSurvive(KafkaMode mode, int brokers, int replication,
      int allowed) {
    cr.getSpec().kafka.mode = mode;
    cr.getSpec().kafka.brokers = brokers;
    cr.getSpec().kafka.topic.replication = replication;
    assertThat(DisruptionBudgets.kafkaAllowed(cr)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0} DataNodes, replication {1}: {2} may go")
  @CsvSource({"1, 1, 0", "3, 1, 0", "2, 2, 1", "3, 2, 1", "3, 3, 2", "10, 3, 2"})
  void dataNodesKeepOneCopyOfEveryBlock(int dataNodes, int replication, int allowed) {
    cr.getSpec().hdfs.dataNodes.replicas = dataNodes;
    cr.getSpec().hdfs.replication = replication;
    assertThat(DisruptionBudgets.dataNodesAllowed(cr)).isEqualTo(allowed);
  }

  @Test
  void budgetsSelectTheirStatefulSetsPodsAndLetUnhealthyPodsBeEvicted() {
    cr.getSpec().kafka.mode = KafkaMode.ZooKeeper;
    cr.getSpec().zookeeper.replicas = 5;
    cr.getSpec().kafka.brokers = 3;
    cr.getSpec().kafka.topic.replication = 3;
    cr.getSpec().hdfs.dataNodes.replicas = 3;
    cr.getSpec().hdfs.replication = 3;
    record Case(PodDisruptionBudget budget, io.fabric8.kubernetes.api.model.apps.StatefulSet sts, String component,
        int maxUnavailable) {
    }
    List<Case> cases = List.of(
        new Case(DisruptionBudgets.zooKeeper(cr), ZooKeeperBuilder.statefulSet(cr), "zookeeper", 2),
        new Case(DisruptionBudgets.kafka(cr), KafkaBuilder.statefulSet(cr), "kafka", 1),
        new Case(DisruptionBudgets.dataNodes(cr), HdfsBuilder.dataNodeStatefulSet(cr), "hdfs-datanode", 2));
    for (Case c : cases) {
      PodAssertions.assertOwned(c.budget(), cr, c.component());
      assertThat(c.budget().getMetadata().getName()).isEqualTo(c.sts().getMetadata().getName());
      assertThat(c.budget().getSpec().getSelector()).isEqualTo(c.sts().getSpec().getSelector());
      assertThat(c.budget().getSpec().getMaxUnavailable().getIntVal()).isEqualTo(c.maxUnavailable());
      assertThat(c.budget().getSpec().getMinAvailable()).isNull();
      assertThat(c.budget().getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
    }
  }

  @Test
  void replicasOfEveryLongRunningComponentPreferDifferentNodes() {
    cr.getSpec().kafka.mode = KafkaMode.ZooKeeper;
    record Spread(String component, PodSpec pod) {
    }
    var spreads = List.of(
        new Spread("zookeeper", ZooKeeperBuilder.statefulSet(cr).getSpec().getTemplate().getSpec()),
        new Spread("kafka", KafkaBuilder.statefulSet(cr).getSpec().getTemplate().getSpec()),
        new Spread("hdfs-namenode", HdfsBuilder.nameNodeStatefulSet(cr).getSpec().getTemplate().getSpec()),
        new Spread("hdfs-datanode", HdfsBuilder.dataNodeStatefulSet(cr).getSpec().getTemplate().getSpec()),
        new Spread("game-api", GameApiBuilder.deployment(cr).getSpec().getTemplate().getSpec()));
    for (Spread spread : spreads) {
      assertThat(spread.pod().getTopologySpreadConstraints()).as(spread.component()).singleElement()
          .satisfies(constraint -> {
            assertThat(constraint.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(constraint.getWhenUnsatisfiable()).as("soft").isEqualTo("ScheduleAnyway");
            assertThat(constraint.getMaxSkew()).isEqualTo(1);
            assertThat(constraint.getLabelSelector().getMatchLabels())
                .isEqualTo(Labels.selector(cr, spread.component()));
          });
    }
  }
}
