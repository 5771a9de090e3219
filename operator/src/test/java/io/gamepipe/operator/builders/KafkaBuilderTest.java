package io.gamepipe.operator.builders;

import static io.gamepipe.operator.builders.PodAssertions.assertHardened;
import static io.gamepipe.operator.builders.PodAssertions.assertOwned;
import static io.gamepipe.operator.builders.PodAssertions.assertPodSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineSpec.DeletionPolicy;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;
import org.junit.jupiter.api.Test;

class KafkaBuilderTest {
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");

  @Test
  void kraftBrokersAreTheirOwnControllersWithOneVoterPerBroker() {
    cr.getSpec().kafka.brokers = 3;
    String props = KafkaBuilder.serverProperties(cr);
    assertThat(props).contains("process.roles=broker,controller\n", "node.id=${ID}\n",
        "controller.quorum.voters=0@game-kafka-0.game-kafka-headless.prod.svc:9093,"
            + "1@game-kafka-1.game-kafka-headless.prod.svc:9093,2@game-kafka-2.game-kafka-headless.prod.svc:9093\n",
        "listeners=PLAINTEXT://:9092,CONTROLLER://:9093\n", "controller.listener.names=CONTROLLER\n",
        "advertised.listeners=PLAINTEXT://${HOSTNAME}.game-kafka-headless.prod.svc:9092\n",
        "offsets.topic.replication.factor=3\n", "transaction.state.log.min.isr=2\n",
        "auto.create.topics.enable=false\n")
        .doesNotContain("zookeeper", "broker.id");
    assertThat(KafkaBuilder.startScript(cr))
        .contains("kafka-storage.sh format --ignore-formatted -t " + KafkaBuilder.clusterId(cr))
        .endsWith("exec /opt/kafka/bin/kafka-server-start.sh /tmp/server.properties\n");
  }

  @Test
  void zooKeeperModeConnectsToEveryServerAndSkipsTheFormat() {
    cr.getSpec().kafka.mode = KafkaMode.ZooKeeper;
    cr.getSpec().zookeeper.replicas = 3;
    String props = KafkaBuilder.serverProperties(cr);
    assertThat(props).contains("broker.id=${ID}\n", "zookeeper.connect=game-zookeeper-0.game-zookeeper-headless.prod.svc:2181,"
        + "game-zookeeper-1.game-zookeeper-headless.prod.svc:2181,game-zookeeper-2.game-zookeeper-headless.prod.svc:2181\n",
        "listeners=PLAINTEXT://:9092\n", "advertised.listeners=PLAINTEXT://${HOSTNAME}.game-kafka-headless.prod.svc:9092\n",
        "offsets.topic.replication.factor=1\n")
        .doesNotContain("process.roles", "CONTROLLER", "node.id");
    assertThat(KafkaBuilder.startScript(cr)).doesNotContain("kafka-storage.sh");
  }

  @Test
  void clusterIdIsAStableBase64UuidOfTheCr() {
    String id = KafkaBuilder.clusterId(cr);
    assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+").isEqualTo(KafkaBuilder.clusterId(Fixtures.pipeline("game", "prod")));
    assertThat(KafkaBuilder.clusterId(Fixtures.pipeline("other", "prod"))).isNotEqualTo(id);
  }

  @Test
  void statefulSetCarriesBrokersImageStorageAndPodSettings() {
    cr.getSpec().kafka.brokers = 3;
    cr.getSpec().kafka.image = "apache/kafka:3.9.1";
    cr.getSpec().kafka.storage.size = "20Gi";
    cr.getSpec().kafka.storage.storageClassName = "fast";
    PodAssertions.withPodSettings(cr);
    var sts = KafkaBuilder.statefulSet(cr);
    assertOwned(sts, cr, "kafka");
    assertThat(sts.getMetadata().getName()).isEqualTo("game-kafka");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("game-kafka-headless");
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(sts.getSpec().getSelector().getMatchLabels())
        .isEqualTo(java.util.Map.of("app.kubernetes.io/name", "kafka", "app.kubernetes.io/instance", "game"));
    assertThat(sts.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(
        sts.getSpec().getSelector().getMatchLabels());
    var pod = sts.getSpec().getTemplate().getSpec();
    assertHardened(pod, true);
    assertPodSettings(pod);
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("apache/kafka:3.9.1");
    assertThat(container.getCommand()).containsExactly("bash", "-c", KafkaBuilder.startScript(cr));
    assertThat(container.getVolumeMounts()).singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/kafka/data"));
    var claim = sts.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("20Gi"));
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
  }

  @Test
  void deletionPolicyDeleteRemovesTheClaimsWithTheStatefulSet() {
    cr.getSpec().deletionPolicy = DeletionPolicy.Delete;
    assertThat(KafkaBuilder.statefulSet(cr).getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
        .isEqualTo("Delete");
    assertThat(KafkaBuilder.statefulSet(cr).getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName())
        .isNull();
  }

  @Test
  void servicesPublishPodsForPeersAndOneBootstrapAddressForClients() {
    var headless = KafkaBuilder.headlessService(cr);
    assertOwned(headless, cr, "kafka");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(headless.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(9092, 9093);
    var bootstrap = KafkaBuilder.bootstrapService(cr);
    assertThat(bootstrap.getMetadata().getName()).isEqualTo("game-kafka-bootstrap");
    assertThat(bootstrap.getSpec().getClusterIP()).isNull();
    assertThat(bootstrap.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(9092);
    assertThat(bootstrap.getSpec().getSelector()).isEqualTo(headless.getSpec().getSelector());
    assertThat(Names.bootstrapServers(cr)).isEqualTo("game-kafka-bootstrap.prod.svc:9092");
  }

  @Test
  void zooKeeperModeWaitsForTheEnsembleInAnInitContainerOfTheKafkaImage() {
    cr.getSpec().kafka.mode = KafkaMode.ZooKeeper;
    cr.getSpec().zookeeper.replicas = 3;
    var pod = KafkaBuilder.statefulSet(cr).getSpec().getTemplate().getSpec();
    assertThat(pod.getInitContainers()).singleElement().satisfies(wait -> {
      assertThat(wait.getName()).isEqualTo("wait-for-zookeeper");
      assertThat(wait.getImage()).isEqualTo(cr.getSpec().kafka.image);
      assertThat(wait.getCommand()).containsExactly("bash", "-c", KafkaBuilder.waitForZooKeeperScript(cr));
      assertThat(wait.getResources().getLimits()).containsKey("memory");
      assertThat(wait.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    });
    assertThat(KafkaBuilder.waitForZooKeeperScript(cr)).contains(
        "/dev/tcp/game-zookeeper-0.game-zookeeper-headless.prod.svc/2181",
        "/dev/tcp/game-zookeeper-1.game-zookeeper-headless.prod.svc/2181",
        "/dev/tcp/game-zookeeper-2.game-zookeeper-headless.prod.svc/2181");

    cr.getSpec().kafka.mode = KafkaMode.KRaft;
    assertThat(KafkaBuilder.statefulSet(cr).getSpec().getTemplate().getSpec().getInitContainers()).isEmpty();
  }

  /**
   * Facts relied on: the apache/kafka image has bash and timeout (apk bash, busybox); a ZooKeeper server answers the
   * srvr command with a "Mode:" line only while it serves (in a quorum). The script, run with bash against a fake
   * server that first answers as an electing member, returns only after the serving answer.
   */
  @Test
  void theWaitEndsOnlyWhenAServerServes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    cr.getSpec().kafka.mode = KafkaMode.ZooKeeper;
    var answers = new java.util.ArrayDeque<>(java.util.List.of(
        "This ZooKeeper instance is not currently serving requests\n",
        "Zookeeper version: 3.8.4\nLatency min/avg/max: 0/0.0/0\nMode: standalone\nNode count: 5\n"));
    var asked = new java.util.concurrent.atomic.AtomicInteger();
    try (var server = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
      Thread zooKeeper = new Thread(() -> {
        while (!answers.isEmpty()) {
          try (var socket = server.accept()) {
            String command = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream())).readLine();
            if ("srvr".equals(command)) {
              asked.incrementAndGet();
              socket.getOutputStream().write(answers.poll().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
          } catch (java.io.IOException closed) {
            return;
          }
        }
      });
      zooKeeper.start();
      var result = Shell.run(KafkaBuilder.waitForZooKeeperScript(cr), tmp, java.util.Map.of(), java.util.Map.of(
          "game-zookeeper-0.game-zookeeper-headless.prod.svc/2181", "127.0.0.1/" + server.getLocalPort()), 30);
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(asked).hasValue(2);
      assertThat(result.output()).contains("ZooKeeper serves at game-zookeeper-0");
      zooKeeper.join(5000);
    }
  }
}
