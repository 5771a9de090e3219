package io.gamepipe.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus.Phase;
import io.gamepipe.operator.crd.SparkSpec.RunRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator installed before the spark-operator: it starts, runs the rest of the pipeline, says what is
 * missing in the status and an Event, and starts the asked-for runs once the SparkApplication CRD appears,
 * without a restart.
 */
class SparkOperatorInstalledLaterTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ResourceDefinitionContext SPARK_APPS = new ResourceDefinitionContext.Builder()
      .withGroup("sparkoperator.k8s.io").withVersion("v1beta2").withKind("SparkApplication")
      .withPlural("sparkapplications").withNamespaced(true).build();

  private final MockCluster cluster = MockCluster.withoutSparkOperator();
  private final KubernetesClient client = cluster.client();

  @AfterEach
  void stop() {
    cluster.close();
  }

  private GamePipeline get() {
    return client.resources(GamePipeline.class).inNamespace("late").withName("late").get();
  }

  private static Condition condition(GamePipeline cr, String type) {
    return cr.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** Plays the kubelet: whatever StatefulSet, Job or Deployment exists reports ready. */
  private void markAllReady() {
    try {
      client.apps().statefulSets().inNamespace("late").list().getItems().forEach(sts -> client.resource(sts)
          .editStatus(s -> {
            s.setStatus(new StatefulSetStatusBuilder().withReplicas(s.getSpec().getReplicas())
                .withReadyReplicas(s.getSpec().getReplicas()).build());
            return s;
          }));
      client.batch().v1().jobs().inNamespace("late").list().getItems().forEach(job -> client.resource(job)
          .editStatus(j -> {
            j.setStatus(new JobStatusBuilder().withSucceeded(1).build());
            return j;
          }));
      client.apps().deployments().inNamespace("late").list().getItems().forEach(d -> client.resource(d)
          .editStatus(x -> {
            x.setStatus(new DeploymentStatusBuilder().withReplicas(x.getSpec().getReplicas())
                .withReadyReplicas(x.getSpec().getReplicas()).withAvailableReplicas(x.getSpec().getReplicas()).build());
            return x;
          }));
    } catch (KubernetesClientException conflict) {
      // Raced a write of the operator: the next poll marks again.
    }
  }

  @Test
  void startsWithoutTheCrdAndStartsRunsOnceItAppears() {
    assertThat(cluster.gamePipe().ready()).as("started and healthy without the SparkApplication CRD").isTrue();

    GamePipeline cr = Fixtures.newPipeline("late", "late");
    cr.getSpec().spark.runRequest = new RunRequest();
    cr.getSpec().spark.runRequest.id = "first";
    cr.getSpec().spark.runRequest.jobs = java.util.List.of(io.gamepipe.operator.crd.JobName.EXTRACT);
    client.resource(cr).create();

    // The rest of the pipeline is reconciled and becomes ready; the request waits, and the pipeline says why.
    GamePipeline blocked = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
      markAllReady();
      return get();
    }, p -> p.getStatus() != null && p.getStatus().components.values().stream().allMatch(c -> c.ready)
        && p.getStatus().phase == Phase.Degraded);
    assertThat(condition(blocked, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(blocked, "RunsAvailable").getStatus()).isEqualTo("False");
    assertThat(condition(blocked, "RunsAvailable").getReason()).isEqualTo("SparkOperatorMissing");
    assertThat(condition(blocked, "Degraded").getReason()).isEqualTo("SparkOperatorMissing");
    assertThat(condition(blocked, "Degraded").getMessage()).contains("sparkapplications.sparkoperator.k8s.io");
    assertThat(blocked.getStatus().lastRunRequestId).as("the request is still pending").isNull();
    await().atMost(TIMEOUT).until(() -> client.v1().events().inNamespace("late").list().getItems().stream()
        .anyMatch(e -> "SparkOperatorMissing".equals(e.getReason()) && "Warning".equals(e.getType())
            && e.getInvolvedObject().getName().equals("late")));

    cluster.installSparkOperatorCrd();

    var run = await().atMost(TIMEOUT).until(
        () -> client.genericKubernetesResources(SPARK_APPS).inNamespace("late").withName("late-extract-r-first").get(),
        r -> r != null);
    assertThat(run.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("late"));
    GamePipeline running = await().atMost(TIMEOUT).until(this::get,
        p -> "first".equals(p.getStatus().lastRunRequestId) && p.getStatus().phase == Phase.Ready);
    assertThat(condition(running, "RunsAvailable").getStatus()).isEqualTo("True");
    assertThat(running.getStatus().runs).extracting(r -> r.name).containsExactly("late-extract-r-first");
    assertThat(cluster.gamePipe().ready()).as("the runs informer started healthy").isTrue();
  }

  @Test
  void aRouteAskedForWithoutTheGatewayApiWaitsForItsCrd() {
    GamePipeline cr = Fixtures.newPipeline("routed", "late");
    cr.getSpec().gameApi.httpRoute.gateway = "public";
    client.resource(cr).create();
    GamePipeline blocked = await().atMost(TIMEOUT).until(
        () -> client.resources(GamePipeline.class).inNamespace("late").withName("routed").get(),
        p -> p.getStatus() != null && p.getStatus().phase == Phase.Degraded);
    assertThat(condition(blocked, "Degraded").getReason()).isEqualTo("GatewayApiMissing");
    assertThat(condition(blocked, "Degraded").getMessage()).contains("gateway.networking.k8s.io/v1 httproutes");
    // The rest of the pipeline is applied all the same.
    assertThat(client.apps().statefulSets().inNamespace("late").withName("routed-kafka").get()).isNotNull();
    await().atMost(TIMEOUT).until(() -> client.v1().events().inNamespace("late").list().getItems().stream()
        .anyMatch(e -> "GatewayApiMissing".equals(e.getReason()) && e.getInvolvedObject().getName().equals("routed")));

    cluster.installGatewayApiCrd();
    var route = await().atMost(TIMEOUT).until(() -> client.resources(
        io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class).inNamespace("late").withName("routed-game-api")
        .get(), r -> r != null);
    assertThat(route.getSpec().getParentRefs().get(0).getName()).isEqualTo("public");
    // No longer blocked by the Gateway API (the pipeline asks for no runs, so the spark-operator's absence is no fault).
    await().atMost(TIMEOUT).until(() -> condition(client.resources(GamePipeline.class).inNamespace("late")
        .withName("routed").get(), "Degraded").getReason(), reason -> !reason.equals("GatewayApiMissing"));
  }
}
