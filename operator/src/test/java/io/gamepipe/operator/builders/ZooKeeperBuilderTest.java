package io.gamepipe.operator.builders;

import static io.gamepipe.operator.builders.PodAssertions.assertHardened;
import static io.gamepipe.operator.builders.PodAssertions.assertOwned;
import static io.gamepipe.operator.builders.PodAssertions.assertPodSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooKeeperBuilderTest {
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");

  @Test
  void ensembleListsEveryServerWithIdsFromOrdinals() {
    cr.getSpec().zookeeper.replicas = 3;
    cr.getSpec().zookeeper.image = "zookeeper:3.8.3";
    cr.getSpec().zookeeper.storage.size = "5Gi";
    PodAssertions.withPodSettings(cr);
    var sts = ZooKeeperBuilder.statefulSet(cr);
    assertOwned(sts, cr, "zookeeper");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("game-zookeeper-headless");
    assertThat(ZooKeeperBuilder.zooCfg(cr)).contains(
        "server.1=game-zookeeper-0.game-zookeeper-headless.prod.svc:2888:3888;2181\n"
            + "server.2=game-zookeeper-1.game-zookeeper-headless.prod.svc:2888:3888;2181\n"
            + "server.3=game-zookeeper-2.game-zookeeper-headless.prod.svc:2888:3888;2181\n",
        "standaloneEnabled=false\n", "dataDir=/data/data\n", "dataLogDir=/data/log\n",
        "4lw.commands.whitelist=ruok,srvr,mntr\n", "autopurge.purgeInterval=1\n");
    var container = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("zookeeper:3.8.3");
    assertThat(container.getCommand()).containsExactly("bash", "-c", ZooKeeperBuilder.startScript(cr));
    // Nothing is configured through the image entrypoint's ZOO_* variables: the entrypoint does not run.
    assertThat(container.getEnv()).noneMatch(e -> e.getName().startsWith("ZOO_"));
    assertHardened(sts.getSpec().getTemplate().getSpec(), true);
    assertPodSettings(sts.getSpec().getTemplate().getSpec());
    assertThat(sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("5Gi"));
  }

  /**
   * Image fact (zookeeper:3.8.x docker-entrypoint.sh): under set -e it writes $ZOO_DATA_DIR/myid without creating
   * the directory, so on an empty claim it exits 1. The operator's script creates the directories on the volume
   * and writes myid before the server starts: run here with bash on an empty folder.
   */
  @Test
  void onAnEmptyVolumeTheDataDirectoriesAndMyidExistBeforeTheServerStarts(@TempDir Path tmp) throws Exception {
    cr.getSpec().zookeeper.replicas = 3;
    Path volume = Files.createDirectory(tmp.resolve("volume"));
    Path bin = tmp.resolve("bin");
    Shell.stub(bin, "zkServer.sh", "echo \"$@\" > " + tmp + "/args; cp " + volume + "/data/myid " + tmp
        + "/myid-at-start; test -d " + volume + "/log; cp \"$2\" " + tmp + "/cfg-at-start");

    var result = Shell.run(ZooKeeperBuilder.startScript(cr), bin, Map.of("HOSTNAME", "game-zookeeper-2"),
        Map.of("/data/", volume + "/", ZooKeeperBuilder.CONFIG_FILE, tmp + "/zoo.cfg"), 20);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(Files.readString(tmp.resolve("myid-at-start"))).isEqualTo("3\n");
    assertThat(Files.readString(tmp.resolve("args"))).isEqualTo("start-foreground " + tmp + "/zoo.cfg\n");
    assertThat(Files.readString(tmp.resolve("cfg-at-start"))).contains("dataDir=" + volume + "/data\n",
        "server.3=game-zookeeper-2.game-zookeeper-headless.prod.svc:2888:3888;2181\n");
    // The dataDir and dataLogDir the server is given are on the claim's mount.
    VolumeMount data = ZooKeeperBuilder.statefulSet(cr).getSpec().getTemplate().getSpec().getContainers().get(0)
        .getVolumeMounts().stream().filter(m -> m.getName().equals(StatefulSets.DATA_VOLUME)).findFirst().orElseThrow();
    assertThat(ZooKeeperBuilder.DATA_DIR).startsWith(data.getMountPath() + "/");
    assertThat(ZooKeeperBuilder.DATA_LOG_DIR).startsWith(data.getMountPath() + "/");

    // A restart on the same volume keeps going (mkdir -p, myid rewritten to the same id).
    assertThat(Shell.run(ZooKeeperBuilder.startScript(cr), bin, Map.of("HOSTNAME", "game-zookeeper-2"),
        Map.of("/data/", volume + "/", ZooKeeperBuilder.CONFIG_FILE, tmp + "/zoo.cfg"), 20).exitCode()).isZero();
  }

  /**
   * Image fact (zookeeper:3.8.x Dockerfile): ZOOCFGDIR=/conf holds the distribution's logback.xml and zkEnv.sh puts
   * that directory on the classpath. Nothing is mounted over /conf, and zoo.cfg is written outside it.
   */
  @Test
  void theImagesConfDirectoryAndItsLoggingConfigurationStayVisible() {
    var pod = ZooKeeperBuilder.statefulSet(cr).getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(VolumeMount::getMountPath)
        .containsExactly("/data").noneMatch(path -> path.equals("/conf") || path.startsWith("/conf/"));
    assertThat(pod.getVolumes()).isEmpty();
    assertThat(ZooKeeperBuilder.CONFIG_FILE).doesNotStartWith("/conf/");
    assertThat(ZooKeeperBuilder.startScript(cr)).contains("start-foreground " + ZooKeeperBuilder.CONFIG_FILE);
  }

  @Test
  void readyMeansServingRequestsNotJustAnOpenPort() {
    var container = ZooKeeperBuilder.statefulSet(cr).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getReadinessProbe().getExec().getCommand())
        .containsExactly("bash", "-c", ZooKeeperBuilder.servingTest("127.0.0.1"));
    assertThat(ZooKeeperBuilder.servingTest("127.0.0.1")).contains("/dev/tcp/127.0.0.1/2181", "srvr", "^Mode: ");
    assertThat(container.getLivenessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(2181);
  }

  @Test
  void aSingleServerRunsStandalone() {
    assertThat(ZooKeeperBuilder.zooCfg(cr)).contains("standaloneEnabled=true\n",
        "server.1=game-zookeeper-0.game-zookeeper-headless.prod.svc:2888:3888;2181\n").doesNotContain("server.2");
    var pod = ZooKeeperBuilder.statefulSet(cr).getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).isEmpty();
    assertThat(pod.getTolerations()).isEmpty();
    assertThat(ZooKeeperBuilder.connectString(cr)).isEqualTo("game-zookeeper-0.game-zookeeper-headless.prod.svc:2181");
    var service = ZooKeeperBuilder.headlessService(cr);
    assertOwned(service, cr, "zookeeper");
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(2181, 2888, 3888);
  }
}
