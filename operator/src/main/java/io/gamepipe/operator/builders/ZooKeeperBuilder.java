package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ExecActionBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.gamepipe.operator.crd.GamePipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ZooKeeper ensemble on the official image, used only in Kafka's ZooKeeper mode. The image's entrypoint is not
 * used: the container's script writes the zoo.cfg generated here and the server's myid itself, so what runs is in
 * the pod spec. The image's /conf (its logback.xml, on the classpath through ZOOCFGDIR) is left as it is.
 */
public final class ZooKeeperBuilder {
  public static final String COMPONENT = "zookeeper";
  /** The claim's mount; the server's directories are created below it (a fresh volume is empty). */
  public static final String VOLUME_DIR = "/data";
  public static final String DATA_DIR = VOLUME_DIR + "/data";
  public static final String DATA_LOG_DIR = VOLUME_DIR + "/log";
  /** Outside the image's /conf, so the image's logging configuration stays in place. */
  public static final String CONFIG_FILE = "/tmp/zoo.cfg";
  /** zkServer.sh is on the official image's PATH (its bin directory). */
  public static final String SERVER_SCRIPT = "zkServer.sh";

  private ZooKeeperBuilder() {
  }

  public static Service headlessService(GamePipeline cr) {
    return Services.headless(cr, Names.zooKeeperHeadless(cr), COMPONENT, true,
        Services.port("client", Names.ZOOKEEPER_PORT), Services.port("peer", Names.ZOOKEEPER_PEER_PORT),
        Services.port("election", Names.ZOOKEEPER_ELECTION_PORT));
  }

  /** Host names of the ensemble's servers, ordinal order. */
  public static List<String> hosts(GamePipeline cr) {
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < cr.getSpec().zookeeper.replicas; i++) {
      hosts.add(Names.podHost(cr, Names.zooKeeper(cr), Names.zooKeeperHeadless(cr), i));
    }
    return hosts;
  }

  /** Connection string for Kafka: every server of the ensemble. */
  public static String connectString(GamePipeline cr) {
    return String.join(",", hosts(cr).stream().map(host -> host + ":" + Names.ZOOKEEPER_PORT).toList());
  }

  /** zoo.cfg: the same file on every server; server ids are ordinal + 1. */
  public static String zooCfg(GamePipeline cr) {
    List<String> lines = new ArrayList<>(List.of(
        "dataDir=" + DATA_DIR,
        "dataLogDir=" + DATA_LOG_DIR,
        "tickTime=2000",
        "initLimit=10",
        "syncLimit=5",
        // Snapshots and transaction logs are purged hourly, keeping 3: the claim is small.
        "autopurge.snapRetainCount=3",
        "autopurge.purgeInterval=1",
        "maxClientCnxns=60",
        "standaloneEnabled=" + (cr.getSpec().zookeeper.replicas == 1),
        "admin.enableServer=false",
        // srvr is what the readiness probe and Kafka's wait ask; ruok and mntr for people.
        "4lw.commands.whitelist=ruok,srvr,mntr",
        "quorumListenOnAllIPs=true"));
    List<String> hosts = hosts(cr);
    for (int i = 0; i < hosts.size(); i++) {
      lines.add("server." + (i + 1) + "=" + hosts.get(i) + ":" + Names.ZOOKEEPER_PEER_PORT + ":" + Names.ZOOKEEPER_ELECTION_PORT + ";"
          + Names.ZOOKEEPER_PORT);
    }
    return String.join("\n", lines) + "\n";
  }

  /**
   * Creates the data directories on the (possibly empty) volume, writes myid from the pod's ordinal and zoo.cfg,
   * then starts the server in the foreground with that file.
   */
  public static String startScript(GamePipeline cr) {
    return "set -eu\n"
        + "mkdir -p " + DATA_DIR + " " + DATA_LOG_DIR + "\n"
        + "echo $((${HOSTNAME##*-}+1)) > " + DATA_DIR + "/myid\n"
        + "cat > " + CONFIG_FILE + " <<'EOF'\n"
        + zooCfg(cr)
        + "EOF\n"
        + "exec " + SERVER_SCRIPT + " start-foreground " + CONFIG_FILE + "\n";
  }

  /**
   * A bash test that succeeds when the server at {@code host} serves requests: its srvr answer has a Mode line
   * (leader, follower or standalone) only once it is part of a quorum. Bash's /dev/tcp, no nc needed.
   */
  public static String servingTest(String host) {
    return "timeout 5 bash -c 'exec 3<>/dev/tcp/" + host + "/" + Names.ZOOKEEPER_PORT
        + " && echo srvr >&3 && grep -q \"^Mode: \" <&3'";
  }

  static Probe servingProbe(int initialDelaySeconds) {
    return new ProbeBuilder()
        .withExec(new ExecActionBuilder().withCommand("bash", "-c", servingTest("127.0.0.1")).build())
        .withInitialDelaySeconds(initialDelaySeconds)
        .withPeriodSeconds(10)
        .withTimeoutSeconds(8)
        .withFailureThreshold(6)
        .build();
  }

  public static StatefulSet statefulSet(GamePipeline cr) {
    var spec = cr.getSpec().zookeeper;
    var resources = Resources.effective(cr, spec.resources, Resources.zooKeeper());
    var container = new ContainerBuilder()
        .withName(COMPONENT)
        .withImage(spec.image)
        .withCommand("bash", "-c", startScript(cr))
        // Read by the distribution's zkEnv.sh (sourced by zkServer.sh): -Xmx<n>m, 1000 when unset.
        .withEnv(Resources.heapEnv("ZK_SERVER_HEAP", resources, String::valueOf))
        .withPorts(PodTemplates.port("client", Names.ZOOKEEPER_PORT),
            PodTemplates.port("peer", Names.ZOOKEEPER_PEER_PORT),
            PodTemplates.port("election", Names.ZOOKEEPER_ELECTION_PORT))
        .withReadinessProbe(servingProbe(5))
        // Alive is the port answering: a member waiting for its quorum is not restarted for that.
        .withLivenessProbe(PodTemplates.tcpProbe(Names.ZOOKEEPER_PORT, 30))
        .withResources(resources)
        .withSecurityContext(PodTemplates.containerSecurity())
        .withVolumeMounts(new VolumeMountBuilder().withName(StatefulSets.DATA_VOLUME).withMountPath(VOLUME_DIR).build())
        .build();
    return StatefulSets.of(cr, Names.zooKeeper(cr), COMPONENT, Names.zooKeeperHeadless(cr), spec.replicas, container,
        spec.storage, Map.of());
  }
}
