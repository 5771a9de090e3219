package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Kafka brokers on the official apache/kafka image. Its entrypoint only knows KRaft, so the broker is started
 * with a server.properties generated here, in both modes.
 */
public final class KafkaBuilder {
  public static final String COMPONENT = "kafka";
  public static final String DATA_DIR = "/var/lib/kafka/data";
  public static final String BIN = "/opt/kafka/bin/";
  public static final String WAIT_FOR_ZOOKEEPER = "wait-for-zookeeper";

  private KafkaBuilder() {
  }

  public static Service headlessService(GamePipeline cr) {
    return Services.headless(cr, Names.kafkaHeadless(cr), COMPONENT, true,
        Services.port("plaintext", Names.KAFKA_PORT), Services.port("controller", Names.KAFKA_CONTROLLER_PORT));
  }

  /** What clients use: the game API, the topic job and the Spark jobs. */
  public static Service bootstrapService(GamePipeline cr) {
    return Services.clusterIp(cr, Names.kafkaBootstrap(cr), COMPONENT, Services.port("plaintext", Names.KAFKA_PORT));
  }

  /** A KRaft cluster id (base64url of 16 bytes) derived from the CR's uid: stable across restarts, unique per CR. */
  public static String clusterId(GamePipeline cr) {
    UUID uid = UUID.fromString(cr.getMetadata().getUid());
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uid.getMostSignificantBits()).putLong(uid.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  /** server.properties with shell variables: ${ID} is the pod ordinal, ${HOSTNAME} the pod name. */
  public static String serverProperties(GamePipeline cr) {
    var kafka = cr.getSpec().kafka;
    int internalReplication = Math.min(3, kafka.brokers);
    List<String> lines = new ArrayList<>();
    if (kafka.mode == KafkaMode.KRaft) {
      List<String> voters = new ArrayList<>();
      for (int i = 0; i < kafka.brokers; i++) {
        voters.add(i + "@" + Names.podHost(cr, Names.kafka(cr), Names.kafkaHeadless(cr), i) + ":"
            + Names.KAFKA_CONTROLLER_PORT);
      }
      lines.add("process.roles=broker,controller");
      lines.add("node.id=${ID}");
      lines.add("controller.quorum.voters=" + String.join(",", voters));
      lines.add("listeners=PLAINTEXT://:" + Names.KAFKA_PORT + ",CONTROLLER://:" + Names.KAFKA_CONTROLLER_PORT);
      lines.add("controller.listener.names=CONTROLLER");
      lines.add("listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    } else {
      lines.add("broker.id=${ID}");
      lines.add("zookeeper.connect=" + ZooKeeperBuilder.connectString(cr));
      lines.add("zookeeper.connection.timeout.ms=60000");
      lines.add("listeners=PLAINTEXT://:" + Names.KAFKA_PORT);
    }
    lines.add("advertised.listeners=PLAINTEXT://${HOSTNAME}." + Names.serviceHost(cr, Names.kafkaHeadless(cr)) + ":"
        + Names.KAFKA_PORT);
    lines.add("inter.broker.listener.name=PLAINTEXT");
    lines.add("log.dirs=" + DATA_DIR + "/logs");
    // Topics come from the topic Job, so a topic change never restarts the brokers.
    lines.add("auto.create.topics.enable=false");
    lines.add("offsets.topic.replication.factor=" + internalReplication);
    lines.add("transaction.state.log.replication.factor=" + internalReplication);
    lines.add("transaction.state.log.min.isr=" + Math.min(2, internalReplication));
    return String.join("\n", lines) + "\n";
  }

  /** The container's script: write the properties, format the log dir in KRaft mode (idempotent), start. */
  public static String startScript(GamePipeline cr) {
    StringBuilder script = new StringBuilder()
        .append("set -eu\n")
        .append("ID=${HOSTNAME##*-}\n")
        .append("cat > /tmp/server.properties <<EOF\n")
        .append(serverProperties(cr))
        .append("EOF\n");
    if (cr.getSpec().kafka.mode == KafkaMode.KRaft) {
      script.append(BIN).append("kafka-storage.sh format --ignore-formatted -t ").append(clusterId(cr))
          .append(" -c /tmp/server.properties\n");
    }
    script.append("exec ").append(BIN).append("kafka-server-start.sh /tmp/server.properties\n");
    return script.toString();
  }

  /**
   * The init container's script in ZooKeeper mode: returns once a server of the ensemble serves requests (its srvr
   * answer has a Mode line, which needs a quorum), so the broker never starts, times out and crash-loops against an
   * ensemble that is still electing. Uses only bash (its /dev/tcp) and timeout, both in the apache/kafka image.
   */
  public static String waitForZooKeeperScript(GamePipeline cr) {
    StringBuilder script = new StringBuilder("echo \"waiting for ZooKeeper: " + ZooKeeperBuilder.connectString(cr)
        + "\"\nwhile true; do\n");
    for (String host : ZooKeeperBuilder.hosts(cr)) {
      script.append("  if ").append(ZooKeeperBuilder.servingTest(host)).append("; then echo \"ZooKeeper serves at ")
          .append(host).append("\"; exit 0; fi\n");
    }
    return script.append("  sleep 2\ndone\n").toString();
  }

  public static StatefulSet statefulSet(GamePipeline cr) {
    var kafka = cr.getSpec().kafka;
    var resources = Resources.effective(cr, kafka.resources, Resources.kafka());
    var container = new ContainerBuilder()
        .withName(COMPONENT)
        .withImage(kafka.image)
        .withCommand("bash", "-c", startScript(cr))
        // Read by kafka-server-start.sh; -Xmx1G -Xms1G when unset.
        .withEnv(Resources.heapEnv("KAFKA_HEAP_OPTS", resources, heap -> "-Xmx" + heap + "m -Xms" + heap + "m"))
        .withPorts(PodTemplates.port("plaintext", Names.KAFKA_PORT),
            PodTemplates.port("controller", Names.KAFKA_CONTROLLER_PORT))
        .withReadinessProbe(PodTemplates.tcpProbe(Names.KAFKA_PORT, 10))
        .withLivenessProbe(PodTemplates.tcpProbe(Names.KAFKA_PORT, 60))
        .withResources(resources)
        .withSecurityContext(PodTemplates.containerSecurity())
        .withVolumeMounts(new VolumeMountBuilder().withName(StatefulSets.DATA_VOLUME).withMountPath(DATA_DIR).build())
        .build();
    StatefulSet sts = StatefulSets.of(cr, Names.kafka(cr), COMPONENT, Names.kafkaHeadless(cr), kafka.brokers,
        container, kafka.storage, Map.of());
    if (kafka.mode == KafkaMode.ZooKeeper) {
      var wait = new ContainerBuilder()
          .withName(WAIT_FOR_ZOOKEEPER)
          .withImage(kafka.image)
          .withCommand("bash", "-c", waitForZooKeeperScript(cr))
          .withResources(Resources.waitLoop())
          .withSecurityContext(PodTemplates.containerSecurity())
          .build();
      sts.getSpec().getTemplate().getSpec().setInitContainers(List.of(wait));
    }
    return sts;
  }
}
