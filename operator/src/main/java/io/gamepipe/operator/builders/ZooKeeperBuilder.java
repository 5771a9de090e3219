package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.gamepipe.operator.crd.GamePipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ZooKeeper ensemble (official image), used only in Kafka's ZooKeeper mode. */
public final class ZooKeeperBuilder {
  public static final String COMPONENT = "zookeeper";

  private ZooKeeperBuilder() {
  }

  public static Service headlessService(GamePipeline cr) {
    return Pods.headlessService(cr, Names.zooKeeperHeadless(cr), COMPONENT, true,
        Pods.servicePort("client", Names.ZOOKEEPER_PORT), Pods.servicePort("peer", 2888),
        Pods.servicePort("election", 3888));
  }

  /** Connection string for Kafka: every server of the ensemble. */
  public static String connectString(GamePipeline cr) {
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < cr.getSpec().zookeeper.replicas; i++) {
      hosts.add(Names.podHost(cr, Names.zooKeeper(cr), Names.zooKeeperHeadless(cr), i) + ":" + Names.ZOOKEEPER_PORT);
    }
    return String.join(",", hosts);
  }

  /** ZOO_SERVERS in the official image's syntax; server ids are ordinal + 1. */
  public static String servers(GamePipeline cr) {
    List<String> servers = new ArrayList<>();
    for (int i = 0; i < cr.getSpec().zookeeper.replicas; i++) {
      servers.add("server." + (i + 1) + "=" + Names.podHost(cr, Names.zooKeeper(cr), Names.zooKeeperHeadless(cr), i)
          + ":2888:3888;" + Names.ZOOKEEPER_PORT);
    }
    return String.join(" ", servers);
  }

  public static StatefulSet statefulSet(GamePipeline cr) {
    var spec = cr.getSpec().zookeeper;
    var container = new ContainerBuilder()
        .withName(COMPONENT)
        .withImage(spec.image)
        // The entrypoint writes myid and zoo.cfg from ZOO_* variables; the id comes from the pod's ordinal.
        .withCommand("bash", "-c",
            "export ZOO_MY_ID=$((${HOSTNAME##*-}+1)) && exec /docker-entrypoint.sh zkServer.sh start-foreground")
        .withEnv(
            Pods.env("ZOO_SERVERS", servers(cr)),
            Pods.env("ZOO_STANDALONE_ENABLED", spec.replicas == 1),
            Pods.env("ZOO_DATA_DIR", "/data/data"),
            Pods.env("ZOO_DATA_LOG_DIR", "/data/log"),
            Pods.env("ZOO_CFG_EXTRA", "quorumListenOnAllIPs=true"),
            Pods.env("ZOO_4LW_COMMANDS_WHITELIST", "ruok,srvr,mntr"))
        .withPorts(Pods.port("client", Names.ZOOKEEPER_PORT), Pods.port("peer", 2888), Pods.port("election", 3888))
        .withReadinessProbe(Pods.tcpProbe(Names.ZOOKEEPER_PORT, 5))
        .withLivenessProbe(Pods.tcpProbe(Names.ZOOKEEPER_PORT, 30))
        .withResources(Pods.resources(cr, null))
        .withSecurityContext(Pods.containerSecurity())
        .withVolumeMounts(
            new VolumeMountBuilder().withName(Pods.DATA_VOLUME).withMountPath("/data").build(),
            // The entrypoint generates zoo.cfg into /conf: a writable scratch directory whatever the image's uid.
            new VolumeMountBuilder().withName("conf").withMountPath("/conf").build(),
            new VolumeMountBuilder().withName("logs").withMountPath("/logs").build())
        .build();
    return Pods.statefulSet(cr, Names.zooKeeper(cr), COMPONENT, Names.zooKeeperHeadless(cr), spec.replicas, container,
        spec.storage, Map.of(),
        new VolumeBuilder().withName("conf").withNewEmptyDir().endEmptyDir().build(),
        new VolumeBuilder().withName("logs").withNewEmptyDir().endEmptyDir().build());
  }
}
