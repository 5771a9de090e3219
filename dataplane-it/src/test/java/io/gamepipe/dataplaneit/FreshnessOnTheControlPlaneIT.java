package io.gamepipe.dataplaneit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gamepipe.embedded.junit.HdfsExtension;
import io.gamepipe.embedded.junit.KafkaExtension;
import io.gamepipe.kubetest.KubeCluster;
import io.gamepipe.kubetest.KubeClusterExtension;
import io.gamepipe.operator.GamePipeOperator;
import io.gamepipe.operator.OperatorSettings;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.freshness.DataPlaneFreshnessObserver;
import io.gamepipe.operator.freshness.FreshnessTarget;
import io.gamepipe.operator.metrics.PipelineMetrics;
import io.gamepipe.operator.reconciler.FreshnessStatus;
import io.gamepipe.operator.reconciler.GamePipelineReconciler;
import io.gamepipe.operator.reconciler.ServedResources;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The freshness figures and the Fresh condition as the real API server stores and prints them, measured by the real
 * operator from a real Kafka and HDFS. The pipeline's own Kafka and HDFS are pods of a fake node here, so the
 * operator is pointed at the test's (as an operator outside the cluster would be at port-forwards).
 */
@ExtendWith(KubeClusterExtension.class)
class FreshnessOnTheControlPlaneIT {
  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.kraft();
  @RegisterExtension
  static final HdfsExtension HDFS = new HdfsExtension();

  private static final String NAMESPACE = "freshness";
  private static final String CRD = "/META-INF/fabric8/gamepipelines.gamepipe.io-v1.yml";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Instant T0 = Instant.parse("2026-12-02T05:00:00Z");
  private static final String TOPIC = "events-" + UUID.randomUUID();
  private static final String ROOT = "/fresh/" + UUID.randomUUID();

  private static GamePipeOperator operator;
  private static KubernetesClient admin;
  private static DataPlane dataPlane;

  @BeforeAll
  static void startTheOperator(KubeCluster cluster) throws Exception {
    admin = cluster.admin();
    dataPlane = new DataPlane(KAFKA, HDFS);
    try (InputStream in = GamePipeline.class.getResourceAsStream(CRD)) {
      cluster.applyCrd(admin.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class));
    }
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    var target = new FreshnessTarget(KAFKA.bootstrapServers(), TOPIC, dataPlane.webHdfsUrl(), ROOT);
    var reconciler = new GamePipelineReconciler(Clock.systemUTC(), ServedResources.byDiscovery(),
        GamePipelineReconciler.PREREQUISITE_RECHECK, PipelineMetrics.disabled(),
        new DataPlaneFreshnessObserver(Duration.ofSeconds(30), Duration.ofMinutes(1)), cr -> target);
    var settings = new OperatorSettings(Set.of(NAMESPACE), false, "unused", null, false, -1, true);
    operator = GamePipeOperator.create(admin, settings, reconciler);
    operator.operator().start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.operator().stop();
    }
    if (admin != null) {
      admin.namespaces().withName(NAMESPACE).delete();
    }
  }

  private static GamePipeline pipeline() {
    return admin.resources(GamePipeline.class).inNamespace(NAMESPACE).withName("fresh").get();
  }

  private static Condition fresh(GamePipeline cr) {
    return cr.getStatus().conditions.stream().filter(c -> FreshnessStatus.FRESH.equals(c.getType())).findFirst()
        .orElse(null);
  }

  @Test
  void theLagItsAgeAndTheFreshConditionFollowLandsReport(KubeCluster cluster) throws Exception {
    KAFKA.kafka().createTopic(TOPIC, 2);
    for (int i = 0; i < 4; i++) {
      dataPlane.send(TOPIC, i % 2, T0.plus(Duration.ofMinutes(i)));
    }
    var cr = new GamePipeline();
    cr.getMetadata().setName("fresh");
    cr.getMetadata().setNamespace(NAMESPACE);
    cr.getSpec().kafka.topic.name = TOPIC;
    cr.getSpec().spark.outputRoot = ROOT;
    cr.getSpec().freshness.maxEventsNotLanded = 3L;
    cr.getSpec().freshness.pollInterval = "1s";
    admin.resource(cr).create();

    await().atMost(TIMEOUT).untilAsserted(() -> {
      GamePipeline seen = pipeline();
      assertThat(seen.getStatus()).isNotNull();
      assertThat(seen.getStatus().freshness).isNotNull();
      assertThat(seen.getStatus().freshness.eventsNotLanded).isEqualTo(4L);
    });
    GamePipeline behind = pipeline();
    assertThat(behind.getStatus().freshness.oldestNotLandedEventTime).isEqualTo(T0.toString());
    assertThat(behind.getStatus().freshness.lastLandRunTime).as("land never ran").isNull();
    assertThat(fresh(behind).getStatus()).isEqualTo("False");
    assertThat(fresh(behind).getMessage()).isEqualTo("4 events not landed, more than maxEventsNotLanded 3");
    String wide = cluster.kubectl("get", "gamepipelines", "-n", NAMESPACE, "-o", "wide").orThrow().stdout();
    assertThat(wide.lines().findFirst().orElseThrow()).contains("LAG").contains("FRESH").contains("OLDEST-NOT-LANDED");
    String row = wide.lines().filter(l -> l.startsWith("fresh ")).findFirst().orElseThrow();
    assertThat(row).contains(" False ").containsPattern("\\s4\\s");

    dataPlane.writeLandReport(ROOT, TOPIC, Map.of(0, 1L, 1, 2L), 3, T0.plus(Duration.ofMinutes(30)));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(pipeline().getStatus().freshness.eventsNotLanded).isEqualTo(1L));
    GamePipeline caughtUp = pipeline();
    assertThat(caughtUp.getStatus().freshness.oldestNotLandedEventTime).as("offset 1 of partition 0")
        .isEqualTo(T0.plus(Duration.ofMinutes(2)).toString());
    assertThat(caughtUp.getStatus().freshness.lastLandRunTime).isEqualTo(T0.plus(Duration.ofMinutes(30)).toString());
    assertThat(caughtUp.getStatus().freshness.lastLandRunEvents).isEqualTo(3L);
    assertThat(fresh(caughtUp).getStatus()).isEqualTo("True");

    // Polled every second, unchanged figures write nothing: once the pipeline is Ready (kwok's pods), it stays at its
    // version.
    await().atMost(TIMEOUT).until(() -> pipeline().getStatus().phase == GamePipelineStatus.Phase.Ready);
    String version = pipeline().getMetadata().getResourceVersion();
    Thread.sleep(Duration.ofSeconds(10).toMillis());
    assertThat(pipeline().getMetadata().getResourceVersion()).as("no write while nothing changed").isEqualTo(version);
  }
}
