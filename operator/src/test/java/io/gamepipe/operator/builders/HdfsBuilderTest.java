package io.gamepipe.operator.builders;

import static io.gamepipe.operator.builders.PodAssertions.assertHardened;
import static io.gamepipe.operator.builders.PodAssertions.assertOwned;
import static io.gamepipe.operator.builders.PodAssertions.assertPodSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import org.junit.jupiter.api.Test;

class HdfsBuilderTest {
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");

  @Test
  void siteFilesPointAtTheNameNodeServiceAndCarryReplication() {
    cr.getSpec().hdfs.replication = 2;
    var config = HdfsBuilder.configMap(cr);
    assertOwned(config, cr, "hdfs-namenode");
    assertThat(config.getData().get("core-site.xml"))
        .contains("<name>fs.defaultFS</name><value>hdfs://game-namenode.prod.svc:8020</value>");
    assertThat(config.getData().get("hdfs-site.xml"))
        .contains("<name>dfs.replication</name><value>2</value>")
        .contains("<name>dfs.namenode.name.dir</name><value>file:///data/namenode</value>")
        .contains("<name>dfs.namenode.rpc-bind-host</name><value>0.0.0.0</value>");
    assertThat(config.getData()).containsKey("log4j.properties");
    assertThat(Names.hdfsUri(cr)).isEqualTo("hdfs://game-namenode.prod.svc:8020");
  }

  @Test
  void nameNodeFormatsOnlyAnEmptyMetadataDirectory() {
    String script = HdfsBuilder.nameNodeScript(cr);
    assertThat(script).contains("if [ ! -f /data/namenode/current/VERSION ]; then\n  hdfs namenode -format -nonInteractive")
        .endsWith("exec hdfs namenode\n");
    assertThat(script.indexOf("-format")).isLessThan(script.indexOf("fi\n"));
    var sts = HdfsBuilder.nameNodeStatefulSet(cr);
    assertOwned(sts, cr, "hdfs-namenode");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
    var container = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getCommand()).containsExactly("bash", "-c", script);
    assertThat(container.getImage()).isEqualTo("apache/hadoop:3.3.6");
    assertThat(container.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("HADOOP_CONF_DIR");
      assertThat(e.getValue()).isEqualTo("/etc/gamepipe/hadoop");
    });
    assertThat(sts.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v ->
        assertThat(v.getConfigMap().getName()).isEqualTo("game-hdfs-config"));
    assertHardened(sts.getSpec().getTemplate().getSpec(), true);
  }

  @Test
  void dataNodesScaleWithTheirOwnStorageAndRestartWhenTheConfigChanges() {
    cr.getSpec().hdfs.dataNodes.replicas = 4;
    cr.getSpec().hdfs.dataNodes.storage.size = "100Gi";
    cr.getSpec().hdfs.image = "apache/hadoop:3.4.1";
    PodAssertions.withPodSettings(cr);
    var sts = HdfsBuilder.dataNodeStatefulSet(cr);
    assertOwned(sts, cr, "hdfs-datanode");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(4);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("game-datanode");
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("apache/hadoop:3.4.1");
    assertThat(sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("100Gi"));
    assertPodSettings(sts.getSpec().getTemplate().getSpec());
    String hash = sts.getSpec().getTemplate().getMetadata().getAnnotations().get(Hashes.CONFIG_HASH);
    assertThat(hash).hasSize(8);
    cr.getSpec().hdfs.replication = 3;
    assertThat(HdfsBuilder.dataNodeStatefulSet(cr).getSpec().getTemplate().getMetadata().getAnnotations()
        .get(Hashes.CONFIG_HASH)).isNotEqualTo(hash);
  }

  @Test
  void servicesExposeRpcHttpAndDataPorts() {
    assertThat(HdfsBuilder.nameNodeService(cr).getSpec().getPorts()).extracting(p -> p.getPort())
        .containsExactly(8020, 9870);
    assertThat(HdfsBuilder.dataNodeService(cr).getSpec().getPorts()).extracting(p -> p.getPort())
        .containsExactly(9866, 9864);
    assertOwned(HdfsBuilder.dataNodeService(cr), cr, "hdfs-datanode");
    // A false would be dropped by the API server and re-applied by server-side apply on every reconciliation.
    assertThat(HdfsBuilder.nameNodeService(cr).getSpec().getPublishNotReadyAddresses()).isNull();
    assertThat(HdfsBuilder.dataNodeService(cr).getSpec().getPublishNotReadyAddresses()).isNull();
  }
}
