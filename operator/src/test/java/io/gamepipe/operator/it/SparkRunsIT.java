package io.gamepipe.operator.it;

import static io.gamepipe.operator.it.ClusterSupport.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gamepipe.kubetest.KubeCluster;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus.Phase;
import io.gamepipe.operator.crd.JobName;
import io.gamepipe.operator.crd.SparkSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs of the Spark jobs on the real API server, with the project's SparkApplication test CRD (typed like the
 * spark-operator's) installed; the test plays the spark-operator's part through the status subresource.
 */
@ExtendWith(OperatorExtension.class)
class SparkRunsIT {
  static KubernetesClient admin;
  static ClusterSupport support;
  static InstalledOperator installed;

  @BeforeAll
  static void start(KubeCluster cluster, InstalledOperator operator) {
    installed = operator;
    admin = cluster.admin();
    support = new ClusterSupport(admin);
  }

  @Test
  @SuppressWarnings("unchecked")
  void requestedRunsChainInPipelineOrderFailuresDegradeAndTheHistoryIsPruned() {
    String ns = "runs";
    support.createNamespace(ns);
    GamePipeline cr = Fixtures.newPipeline("runs", ns);
    cr.getSpec().spark.historyLimit = 1;
    admin.resource(cr).create();
    support.awaitPhase(ns, "runs", Phase.Ready);

    support.edit(ns, "runs", p -> {
      p.getSpec().spark.runRequest = new SparkSpec.RunRequest();
      p.getSpec().spark.runRequest.id = "chain";
      p.getSpec().spark.runRequest.jobs = List.of(JobName.TRANSFORM, JobName.EXTRACT);
    });
    GenericKubernetesResource extract = await().atMost(TIMEOUT)
        .until(() -> support.sparkApplication(ns, "runs-extract-r-chain"), a -> a != null);
    Map<String, Object> spec = (Map<String, Object>) extract.getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("mainClass", "io.gamepipe.spark.jobs.ExtractEventsJob");
    assertThat((List<String>) spec.get("arguments")).containsSequence("--bootstrap-servers",
        "runs-kafka-bootstrap.runs.svc:9092");
    // The chain: transform waits for extract.
    assertThat(support.sparkApplication(ns, "runs-transform-r-chain")).isNull();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(support.get(ns, "runs").getStatus().runs)
        .anySatisfy(r -> {
          assertThat(r.name).isEqualTo("runs-extract-r-chain");
          assertThat(r.trigger).isEqualTo("request");
        }));

    support.setRunState(ns, "runs-extract-r-chain", "RUNNING", null);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(support.get(ns, "runs").getStatus().runs)
        .anySatisfy(r -> assertThat(r.state).isEqualTo("RUNNING")));
    assertThat(support.sparkApplication(ns, "runs-transform-r-chain")).isNull();
    support.setRunState(ns, "runs-extract-r-chain", "COMPLETED", null);
    await().atMost(TIMEOUT).until(() -> support.sparkApplication(ns, "runs-transform-r-chain") != null);

    support.setRunState(ns, "runs-transform-r-chain", "FAILED", "driver pod failed");
    GamePipeline degraded = support.awaitPhase(ns, "runs", Phase.Degraded);
    assertThat(degraded.getStatus().conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Degraded");
      assertThat(c.getReason()).isEqualTo("RunsFailed");
      assertThat(c.getMessage()).contains("runs-transform-r-chain");
    });
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(admin.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("RunFailed");
          assertThat(e.getMessage()).contains("driver pod failed");
          assertThat(e.getInvolvedObject().getName()).isEqualTo("runs");
        }));

    // A new request: with historyLimit 1 the failed transform run is pruned and the pipeline is Ready again.
    support.edit(ns, "runs", p -> {
      p.getSpec().spark.runRequest.id = "again";
      p.getSpec().spark.runRequest.jobs = List.of(JobName.TRANSFORM);
    });
    await().atMost(TIMEOUT).until(() -> support.sparkApplication(ns, "runs-transform-r-again") != null
        && support.sparkApplication(ns, "runs-transform-r-chain") == null);
    support.setRunState(ns, "runs-transform-r-again", "COMPLETED", null);
    GamePipeline ready = support.awaitPhase(ns, "runs", Phase.Ready);
    assertThat(ready.getStatus().lastRunRequestId).isEqualTo("again");

    // The operator's metrics counted each run once, by job and outcome.
    String metrics = installed.scrapeMetrics();
    assertThat(sample(metrics, "gamepipe_operator_runs_started_total", "extract")).isEqualTo(1);
    assertThat(sample(metrics, "gamepipe_operator_runs_completed_total", "extract")).isEqualTo(1);
    assertThat(sample(metrics, "gamepipe_operator_runs_started_total", "transform")).isEqualTo(2);
    assertThat(sample(metrics, "gamepipe_operator_runs_failed_total", "transform")).isEqualTo(1);
    assertThat(sample(metrics, "gamepipe_operator_runs_completed_total", "transform")).isEqualTo(1);
    assertThat(sample(metrics, "gamepipe_operator_runs_started_total", "land")).isZero();
    assertThat(metrics).containsPattern(
        "gamepipe_operator_time_to_ready_seconds_count\\{namespace=\"runs\",pipeline=\"runs\"} [1-9]");
  }

  /** The value of a run counter of pipeline runs/runs in Prometheus' text format. */
  private static double sample(String metrics, String name, String job) {
    String series = name + "{namespace=\"runs\",pipeline=\"runs\",spark_job=\"" + job + "\"} ";
    return metrics.lines().filter(line -> line.startsWith(series)).findFirst()
        .map(line -> Double.parseDouble(line.substring(series.length()))).orElseThrow(() ->
            new AssertionError(series + "not in\n" + metrics));
  }

  @Test
  void aScheduleStartsTheCurrentMinutesRun() {
    String ns = "schedule";
    support.createNamespace(ns);
    GamePipeline cr = Fixtures.newPipeline("cron", ns);
    cr.getSpec().spark.schedule = "* * * * *";
    cr.getSpec().spark.jobs = List.of(JobName.LAND);
    admin.resource(cr).create();

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(support.sparkApplications(ns))
        .anySatisfy(a -> assertThat(a.getMetadata().getName()).startsWith("cron-land-s-")));
    GamePipeline scheduled = await().atMost(TIMEOUT).until(() -> support.get(ns, "cron"),
        p -> p.getStatus() != null && p.getStatus().nextScheduleTime != null
            && p.getStatus().lastScheduleTime != null);
    assertThat(Instant.parse(scheduled.getStatus().nextScheduleTime))
        .isAfter(Instant.parse(scheduled.getStatus().lastScheduleTime));
  }
}
