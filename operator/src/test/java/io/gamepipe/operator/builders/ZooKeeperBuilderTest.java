package io.gamepipe.operator.builders;

import static io.gamepipe.operator.builders.PodAssertions.assertHardened;
import static io.gamepipe.operator.builders.PodAssertions.assertOwned;
import static io.gamepipe.operator.builders.PodAssertions.assertPodSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ZooKeeperBuilderTest {
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");

  private static Map<String, String> env(io.fabric8.kubernetes.api.model.apps.StatefulSet sts) {
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

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
    assertThat(env(sts)).containsEntry("ZOO_SERVERS",
        "server.1=game-zookeeper-0.game-zookeeper-headless.prod.svc:2888:3888;2181 "
            + "server.2=game-zookeeper-1.game-zookeeper-headless.prod.svc:2888:3888;2181 "
            + "server.3=game-zookeeper-2.game-zookeeper-headless.prod.svc:2888:3888;2181")
        .containsEntry("ZOO_STANDALONE_ENABLED", "false")
        .containsEntry("ZOO_DATA_DIR", "/data/data");
    var container = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("zookeeper:3.8.3");
    assertThat(container.getCommand().get(2)).contains("ZOO_MY_ID=$((${HOSTNAME##*-}+1))");
    assertHardened(sts.getSpec().getTemplate().getSpec(), true);
    assertPodSettings(sts.getSpec().getTemplate().getSpec());
    assertThat(sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("5Gi"));
  }

  @Test
  void aSingleServerRunsStandalone() {
    assertThat(env(ZooKeeperBuilder.statefulSet(cr))).containsEntry("ZOO_STANDALONE_ENABLED", "true");
    // Without pod settings nothing is sent: an empty object would differ from what the server keeps.
    var pod = ZooKeeperBuilder.statefulSet(cr).getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getResources()).isNull();
    assertThat(pod.getNodeSelector()).isEmpty();
    assertThat(pod.getTolerations()).isEmpty();
    assertThat(ZooKeeperBuilder.connectString(cr)).isEqualTo("game-zookeeper-0.game-zookeeper-headless.prod.svc:2181");
    var service = ZooKeeperBuilder.headlessService(cr);
    assertOwned(service, cr, "zookeeper");
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(2181, 2888, 3888);
  }
}
