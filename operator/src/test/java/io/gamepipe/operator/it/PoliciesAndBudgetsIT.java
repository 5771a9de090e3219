package io.gamepipe.operator.it;

import static io.gamepipe.operator.it.ClusterSupport.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gamepipe.kubetest.KubeCluster;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.builders.NetworkPolicies;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus.Phase;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The NetworkPolicies and PodDisruptionBudgets a pipeline owns, on the real control plane: accepted by the API
 * server as built, counted by the real disruption controller, changed with the spec, removed when switched off or
 * when a budget could spare no pod.
 */
@ExtendWith(OperatorExtension.class)
class PoliciesAndBudgetsIT {
  private static final String NS = "guarded";

  @Test
  void policiesAndBudgetsFollowTheSpec(KubeCluster cluster, InstalledOperator operator) {
    KubernetesClient admin = cluster.admin();
    ClusterSupport support = new ClusterSupport(admin);
    support.createNamespace(NS);
    GamePipeline cr = Fixtures.newPipeline("guarded", NS);
    cr.getSpec().kafka.mode = KafkaMode.ZooKeeper;
    cr.getSpec().zookeeper.replicas = 3;
    cr.getSpec().kafka.brokers = 3;
    cr.getSpec().kafka.topic.replication = 2;
    cr.getSpec().hdfs.dataNodes.replicas = 2;
    cr.getSpec().hdfs.replication = 2;
    admin.resource(cr).create();
    GamePipeline ready = support.awaitPhase(NS, "guarded", Phase.Ready);

    // Accepted as built: what the server holds is what the builders made.
    assertThat(policyNames(admin)).containsExactlyInAnyOrder("guarded-kafka", "guarded-zookeeper", "guarded-hdfs",
        "guarded-game-api");
    assertThat(policy(admin, "guarded-kafka").getSpec()).isEqualTo(NetworkPolicies.kafka(ready).getSpec());
    assertThat(policy(admin, "guarded-hdfs").getSpec()).isEqualTo(NetworkPolicies.hdfs(ready).getSpec());
    PipelineLifecycleIT.assertOwnedBy(List.copyOf(admin.network().v1().networkPolicies().inNamespace(NS).list()
        .getItems()), ready);
    PipelineLifecycleIT.assertOwnedBy(List.copyOf(admin.policy().v1().podDisruptionBudget().inNamespace(NS).list()
        .getItems()), ready);
    // The disruption controller counts the pods each budget covers and what a drain may take now.
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(budget(admin, "guarded-zookeeper").getStatus().getExpectedPods()).isEqualTo(3);
      assertThat(budget(admin, "guarded-zookeeper").getStatus().getDisruptionsAllowed()).isEqualTo(1);
      assertThat(budget(admin, "guarded-kafka").getStatus().getExpectedPods()).isEqualTo(3);
      assertThat(budget(admin, "guarded-kafka").getStatus().getDisruptionsAllowed()).isEqualTo(1);
      assertThat(budget(admin, "guarded-datanode").getStatus().getExpectedPods()).isEqualTo(2);
      assertThat(budget(admin, "guarded-datanode").getStatus().getDisruptionsAllowed()).isEqualTo(1);
    });

    // Narrowing the API to an Ingress controller's namespace updates its policy; blocks kept once lose their budget.
    support.edit(NS, "guarded", p -> {
      p.getSpec().networkPolicies.apiFrom = List.of(new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
          .addToMatchLabels("kubernetes.io/metadata.name", "ingress-nginx").endNamespaceSelector().build());
      p.getSpec().hdfs.replication = 1;
    });
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(policy(admin, "guarded-game-api").getSpec().getIngress().get(0).getFrom()).singleElement()
          .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
              .containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
      assertThat(budget(admin, "guarded-datanode")).isNull();
    });
    assertThat(budget(admin, "guarded-kafka")).isNotNull();

    // What a person reads: the switch, each component's replicas, where to connect, and what to do next.
    String described = cluster.kubectl("describe", "gp", "guarded", "-n", NS).orThrow().stdout();
    System.out.println(described);
    assertThat(described).containsPattern("Network Policies:\\s+API From:[\\s\\S]*Enabled:\\s+true");
    assertThat(described).containsPattern("Components:[\\s\\S]*Kafka:\\s+Ready:\\s+true\\s+Ready Replicas:\\s+3"
        + "\\s+Replicas:\\s+3");
    assertThat(described).containsPattern("Zookeeper:\\s+Ready:\\s+true\\s+Ready Replicas:\\s+3");
    assertThat(described).containsPattern("Type:\\s+Ready\\b");
    assertThat(described).containsPattern("API URL:\\s+http://guarded-game-api.guarded.svc:5000");
    assertThat(described).containsPattern("Kafka Bootstrap Servers:\\s+guarded-kafka-bootstrap.guarded.svc:9092");
    assertThat(described).containsPattern("Normal\\s+Ready\\s+.*gamepipe-operator\\s+all components are ready; send"
        + " events to http://guarded-game-api.guarded.svc:5000");

    // A peer the API server would refuse is refused first, in the spec's terms; the policies stay as they were.
    support.edit(NS, "guarded", p -> p.getSpec().networkPolicies.apiFrom = List.of(new NetworkPolicyPeerBuilder()
        .withNewIpBlock().withCidr("300.0.0.0/8").endIpBlock().build()));
    GamePipeline refused = support.awaitPhase(NS, "guarded", Phase.Degraded);
    assertThat(refused.getStatus().conditions).anySatisfy(c -> assertThat(c.getMessage())
        .contains("networkPolicies.apiFrom[0].ipBlock.cidr '300.0.0.0/8' is not a CIDR"));
    assertThat(policyNames(admin)).hasSize(4);

    // Switched off: every policy goes, the budgets stay.
    support.edit(NS, "guarded", p -> {
      p.getSpec().networkPolicies.enabled = false;
      p.getSpec().networkPolicies.apiFrom = List.of();
    });
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(policyNames(admin)).isEmpty());
    assertThat(budget(admin, "guarded-zookeeper")).isNotNull();
    support.awaitPhase(NS, "guarded", Phase.Ready);
  }

  private static List<String> policyNames(KubernetesClient admin) {
    return admin.network().v1().networkPolicies().inNamespace(NS).list().getItems().stream()
        .map(p -> p.getMetadata().getName()).toList();
  }

  private static NetworkPolicy policy(KubernetesClient admin, String name) {
    return admin.network().v1().networkPolicies().inNamespace(NS).withName(name).get();
  }

  private static PodDisruptionBudget budget(KubernetesClient admin, String name) {
    return admin.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get();
  }
}
