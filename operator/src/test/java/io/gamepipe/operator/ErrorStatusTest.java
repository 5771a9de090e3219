package io.gamepipe.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus.Phase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code updateErrorStatus} with failures a real server rarely produces on demand (a workflow's aggregated
 * failure, a named one), on fabric8's mock server. Everything else the operator does is proven on the real
 * control plane by the {@code it/*IT} tests.
 */
class ErrorStatusTest {
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static GamePipeline get(String name, String namespace) {
    return client.resources(GamePipeline.class).inNamespace(namespace).withName(name).get();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aFailedReconciliationIsDegradedWithTheFailingObjectsNamedAndAnEvent() {
    String ns = "failing";
    client.resource(Fixtures.newPipeline("failing", ns)).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> get("failing", ns),
        p -> p.getStatus() != null && p.getStatus().phase == Phase.Progressing);
    GamePipeline live = get("failing", ns);
    // The workflow's aggregated failure, as JOSDK hands it over; only the client matters in the context.
    var context = (io.javaoperatorsdk.operator.api.reconciler.Context<GamePipeline>) java.lang.reflect.Proxy
        .newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {io.javaoperatorsdk.operator.api.reconciler.Context.class},
            (proxy, method, args) -> method.getName().equals("getClient") ? client : null);
    var failure = new io.javaoperatorsdk.operator.AggregatedOperatorException("workflow failed",
        Map.of("kafka", new io.fabric8.kubernetes.client.KubernetesClientException("exceeded quota: compute")));

    var control = cluster.reconciler().updateErrorStatus(live, context, failure);

    var status = control.getResource().orElseThrow().getStatus();
    assertThat(status.phase).isEqualTo(Phase.Degraded);
    assertThat(status.conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Degraded");
      assertThat(c.getReason()).isEqualTo("ReconcileFailed");
      assertThat(c.getMessage()).isEqualTo("kafka: exceeded quota: compute");
    });
    assertThat(status.components).containsKey("kafka");
    assertThat(client.v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("ReconcileFailed");
      assertThat(e.getMessage()).contains("exceeded quota");
    });

    // A failure the operator names keeps its reason.
    var named = new io.gamepipe.operator.reconciler.GamePipelineException("RunSubmissionFailed",
        "could not create SparkApplication x", new IllegalStateException("404"));
    var namedStatus = cluster.reconciler().updateErrorStatus(live, context, named).getResource().orElseThrow()
        .getStatus();
    assertThat(namedStatus.conditions).anySatisfy(c -> {
      assertThat(c.getReason()).isEqualTo("RunSubmissionFailed");
      assertThat(c.getMessage()).isEqualTo("could not create SparkApplication x");
    });
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RunSubmissionFailed"));
  }
}
