package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.gamepipe.operator.crd.GamePipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HDFS on the official apache/hadoop image: one NameNode, N DataNodes, one ConfigMap of site files. */
public final class HdfsBuilder {
  public static final String NAMENODE = "hdfs-namenode";
  public static final String DATANODE = "hdfs-datanode";
  public static final String CONF_DIR = "/etc/gamepipe/hadoop";
  public static final String NAME_DIR = "/data/namenode";
  public static final String DATA_DIR = "/data/datanode";

  private HdfsBuilder() {
  }

  public static String coreSite(GamePipeline cr) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("fs.defaultFS", Names.hdfsUri(cr));
    return siteXml(props);
  }

  public static String hdfsSite(GamePipeline cr) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("dfs.namenode.name.dir", "file://" + NAME_DIR);
    props.put("dfs.datanode.data.dir", "file://" + DATA_DIR);
    props.put("dfs.replication", String.valueOf(cr.getSpec().hdfs.replication));
    props.put("dfs.namenode.rpc-bind-host", "0.0.0.0");
    props.put("dfs.namenode.servicerpc-bind-host", "0.0.0.0");
    props.put("dfs.namenode.http-bind-host", "0.0.0.0");
    // DataNodes register by pod IP, which has no reverse DNS entry in most clusters.
    props.put("dfs.namenode.datanode.registration.ip-hostname-check", "false");
    // Spark drivers run as another user than the NameNode's; the jobs write under --output-root.
    props.put("dfs.permissions.enabled", "false");
    return siteXml(props);
  }

  static String siteXml(Map<String, String> props) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    props.forEach((name, value) -> xml.append("  <property><name>").append(name).append("</name><value>")
        .append(value).append("</value></property>\n"));
    return xml.append("</configuration>\n").toString();
  }

  public static ConfigMap configMap(GamePipeline cr) {
    return new ConfigMapBuilder()
        .withMetadata(Ownership.meta(cr, Names.hdfsConfig(cr), NAMENODE))
        .addToData("core-site.xml", coreSite(cr))
        .addToData("hdfs-site.xml", hdfsSite(cr))
        .addToData("log4j.properties", "log4j.rootLogger=INFO,console\n"
            + "log4j.appender.console=org.apache.log4j.ConsoleAppender\n"
            + "log4j.appender.console.layout=org.apache.log4j.PatternLayout\n"
            + "log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %p %c: %m%n\n")
        .build();
  }

  /** Pods restart when the site files change: the ConfigMap's content hash is a pod annotation. */
  static Map<String, String> configHash(GamePipeline cr) {
    return Map.of(Hashes.CONFIG_HASH, Hashes.of(coreSite(cr) + hdfsSite(cr)));
  }

  public static Service nameNodeService(GamePipeline cr) {
    return Services.headless(cr, Names.nameNode(cr), NAMENODE, false,
        Services.port("rpc", Names.NAMENODE_RPC_PORT), Services.port("http", Names.NAMENODE_HTTP_PORT));
  }

  public static Service dataNodeService(GamePipeline cr) {
    return Services.headless(cr, Names.dataNode(cr), DATANODE, false,
        Services.port("data", Names.DATANODE_DATA_PORT), Services.port("http", Names.DATANODE_HTTP_PORT));
  }

  /** Formats the metadata directory only when it holds no file system yet: never again after the first start. */
  public static String nameNodeScript(GamePipeline cr) {
    return "set -eu\n"
        + "if [ ! -f " + NAME_DIR + "/current/VERSION ]; then\n"
        + "  hdfs namenode -format -nonInteractive -clusterId " + cr.getMetadata().getName() + "-"
        + cr.getMetadata().getUid() + "\n"
        + "fi\n"
        + "exec hdfs namenode\n";
  }

  private static Container container(GamePipeline cr, String name, String script, ResourceRequirements resources,
      Probe readiness, ContainerPort... ports) {
    List<EnvVar> env = new ArrayList<>(List.of(PodTemplates.env("HADOOP_CONF_DIR", CONF_DIR)));
    // Read by the hdfs script (hadoop-functions.sh): -Xmx<value>; unset, the JVM takes a quarter of the limit.
    env.addAll(Resources.heapEnv("HADOOP_HEAPSIZE_MAX", resources, heap -> heap + "m"));
    return new ContainerBuilder()
        .withName(name)
        .withImage(cr.getSpec().hdfs.image)
        .withCommand("bash", "-c", script)
        .withEnv(env)
        .withPorts(ports)
        .withReadinessProbe(readiness)
        .withLivenessProbe(PodTemplates.tcpProbe(ports[0].getContainerPort(), 60))
        .withResources(resources)
        .withSecurityContext(PodTemplates.containerSecurity())
        .withVolumeMounts(
            new VolumeMountBuilder().withName(StatefulSets.DATA_VOLUME).withMountPath("/data").build(),
            new VolumeMountBuilder().withName("config").withMountPath(CONF_DIR).withReadOnly(true).build())
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Volume configVolume(GamePipeline cr) {
    return new VolumeBuilder().withName("config").withNewConfigMap().withName(Names.hdfsConfig(cr)).endConfigMap()
        .build();
  }

  public static StatefulSet nameNodeStatefulSet(GamePipeline cr) {
    var container = container(cr, "namenode", nameNodeScript(cr),
        Resources.effective(cr, cr.getSpec().hdfs.nameNode.resources, Resources.nameNode()),
        PodTemplates.httpProbe("/", Names.NAMENODE_HTTP_PORT, 10),
        PodTemplates.port("rpc", Names.NAMENODE_RPC_PORT), PodTemplates.port("http", Names.NAMENODE_HTTP_PORT));
    return StatefulSets.of(cr, Names.nameNode(cr), NAMENODE, Names.nameNode(cr), 1, container,
        cr.getSpec().hdfs.nameNode.storage, configHash(cr), configVolume(cr));
  }

  public static StatefulSet dataNodeStatefulSet(GamePipeline cr) {
    var spec = cr.getSpec().hdfs.dataNodes;
    var container = container(cr, "datanode", "exec hdfs datanode\n",
        Resources.effective(cr, spec.resources, Resources.dataNode()),
        PodTemplates.httpProbe("/", Names.DATANODE_HTTP_PORT, 10),
        PodTemplates.port("data", Names.DATANODE_DATA_PORT), PodTemplates.port("http", Names.DATANODE_HTTP_PORT));
    return StatefulSets.of(cr, Names.dataNode(cr), DATANODE, Names.dataNode(cr), spec.replicas, container,
        spec.storage, configHash(cr), configVolume(cr));
  }
}
