package io.gamepipe.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.crd.GamePipelineStatus.ComponentStatus;
import io.gamepipe.operator.crd.GamePipelineStatus.RunStatus;
import io.gamepipe.operator.crd.JobName;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {
  private static final Instant CREATED = Instant.parse("2026-12-02T06:00:00Z");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PipelineMetrics metrics = new PipelineMetrics(registry);
  private final GamePipeline cr = pipeline("demo");

  @Test
  void everyJobHasItsRunSeriesFromZeroOnceThePipelineIsSeen() {
    metrics.reconciled(cr, status(), status(), CREATED);

    for (String job : java.util.Arrays.stream(JobName.values()).map(JobName::id).toList()) {
      assertThat(count(PipelineMetrics.RUNS_STARTED, job)).isZero();
      assertThat(count(PipelineMetrics.RUNS_COMPLETED, job)).isZero();
      assertThat(count(PipelineMetrics.RUNS_FAILED, job)).isZero();
    }
    assertThat(registry.scrape()).contains("gamepipe_operator_runs_started_total{namespace=\"games\",pipeline=\"demo\","
        + "spark_job=\"land\"} 0.0");
  }

  @Test
  void aRunIsCountedOnceWhenItAppearsAndOnceWhenItEnds() {
    GamePipelineStatus none = status();
    GamePipelineStatus pending = status(run("extract", "demo-extract-r-1", "PENDING"));
    GamePipelineStatus running = status(run("extract", "demo-extract-r-1", "RUNNING"));
    GamePipelineStatus completed = status(run("extract", "demo-extract-r-1", "COMPLETED"));

    metrics.reconciled(cr, none, pending, CREATED);
    metrics.reconciled(cr, pending, running, CREATED);
    metrics.reconciled(cr, running, completed, CREATED);
    metrics.reconciled(cr, completed, completed, CREATED);

    assertThat(count(PipelineMetrics.RUNS_STARTED, "extract")).isEqualTo(1);
    assertThat(count(PipelineMetrics.RUNS_COMPLETED, "extract")).isEqualTo(1);
    assertThat(count(PipelineMetrics.RUNS_FAILED, "extract")).isZero();
    assertThat(count(PipelineMetrics.RUNS_STARTED, "transform")).isZero();
  }

  @Test
  void aStatusWriteThatDidNotLandDoesNotCountTwice() {
    // The patch of the first status failed: the next reconciliation sees the same previous status again.
    GamePipelineStatus none = status();
    GamePipelineStatus failed = status(run("land", "demo-land-s-20261202-0600", "FAILED"));

    metrics.reconciled(cr, none, failed, CREATED);
    metrics.reconciled(cr, none, failed, CREATED);

    assertThat(count(PipelineMetrics.RUNS_STARTED, "land")).isEqualTo(1);
    assertThat(count(PipelineMetrics.RUNS_FAILED, "land")).isEqualTo(1);
  }

  @Test
  void submissionFailuresAreFailures() {
    metrics.reconciled(cr, status(), status(run("separate", "demo-separate-r-2", "SUBMISSION_FAILED")), CREATED);

    assertThat(count(PipelineMetrics.RUNS_FAILED, "separate")).isEqualTo(1);
    assertThat(count(PipelineMetrics.RUNS_COMPLETED, "separate")).isZero();
  }

  @Test
  void runsAlreadyInTheStatusARestartedOperatorReadsAreNotCounted() {
    GamePipelineStatus before = status(run("extract", "demo-extract-r-1", "COMPLETED"),
        run("transform", "demo-transform-r-1", "RUNNING"));

    metrics.reconciled(cr, before, before, CREATED);

    assertThat(count(PipelineMetrics.RUNS_STARTED, "extract")).isZero();
    assertThat(count(PipelineMetrics.RUNS_COMPLETED, "extract")).isZero();
    assertThat(count(PipelineMetrics.RUNS_STARTED, "transform")).isZero();
  }

  @Test
  void timeToReadyRunsFromCreationTheFirstTime() {
    metrics.reconciled(cr, status(), ready(false, CREATED.plusSeconds(5)), CREATED.plusSeconds(5));
    metrics.reconciled(cr, ready(false, CREATED.plusSeconds(5)), ready(true, CREATED.plusSeconds(95)),
        CREATED.plusSeconds(95));

    var timer = registry.get(PipelineMetrics.TIME_TO_READY).tag("pipeline", "demo").timer();
    assertThat(timer.count()).isEqualTo(1);
    // The Ready condition went False 5 s after creation; the clock starts at that transition.
    assertThat(timer.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(90.0);
    assertThat(gauge(PipelineMetrics.PIPELINE_READY, Map.of())).isEqualTo(1.0);
    // Ten fixed buckets (15 s to 1 h) plus +Inf: 90 s falls in the 2-minute one.
    String scrape = registry.scrape();
    assertThat(scrape.lines().filter(line -> line.startsWith("gamepipe_operator_time_to_ready_seconds_bucket{")))
        .hasSize(11)
        .contains("gamepipe_operator_time_to_ready_seconds_bucket{namespace=\"games\",pipeline=\"demo\",le=\"60.0\"} 0",
            "gamepipe_operator_time_to_ready_seconds_bucket{namespace=\"games\",pipeline=\"demo\",le=\"120.0\"} 1");
  }

  @Test
  void timeToReadyWithoutAnyEarlierConditionStartsAtCreation() {
    metrics.reconciled(cr, status(), ready(true, CREATED.plusSeconds(40)), CREATED.plusSeconds(40));

    var timer = registry.get(PipelineMetrics.TIME_TO_READY).tag("pipeline", "demo").timer();
    assertThat(timer.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(40.0);
  }

  @Test
  void timeToReadyIsRecordedOnlyWhenReadyIsRegained() {
    GamePipelineStatus readySince = ready(true, CREATED.plusSeconds(60));
    metrics.reconciled(cr, readySince, readySince, CREATED.plusSeconds(300));
    GamePipelineStatus lost = ready(false, CREATED.plusSeconds(400));
    metrics.reconciled(cr, readySince, lost, CREATED.plusSeconds(400));
    assertThat(gauge(PipelineMetrics.PIPELINE_READY, Map.of())).isZero();
    metrics.reconciled(cr, lost, ready(true, CREATED.plusSeconds(430)), CREATED.plusSeconds(430));

    var timer = registry.get(PipelineMetrics.TIME_TO_READY).tag("pipeline", "demo").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(30.0);
  }

  @Test
  void componentReadinessFollowsTheStatus() {
    GamePipelineStatus starting = status();
    starting.components.put("kafka", new ComponentStatus(false, 1, 0, "0/1 ready"));
    starting.components.put("hdfs-namenode", new ComponentStatus(true, 1, 1, null));
    metrics.reconciled(cr, status(), starting, CREATED);
    assertThat(gauge(PipelineMetrics.COMPONENT_READY, Map.of("component", "kafka"))).isZero();
    assertThat(gauge(PipelineMetrics.COMPONENT_READY, Map.of("component", "hdfs-namenode"))).isEqualTo(1.0);

    GamePipelineStatus up = status();
    up.components.put("kafka", new ComponentStatus(true, 1, 1, null));
    up.components.put("hdfs-namenode", new ComponentStatus(true, 1, 1, null));
    metrics.reconciled(cr, starting, up, CREATED);
    assertThat(gauge(PipelineMetrics.COMPONENT_READY, Map.of("component", "kafka"))).isEqualTo(1.0);
  }

  @Test
  void aDeletedPipelineTakesItsSeriesWithItAndLeavesOthers() {
    GamePipeline other = pipeline("other");
    GamePipelineStatus withKafka = status();
    withKafka.components.put("kafka", new ComponentStatus(true, 1, 1, null));
    metrics.reconciled(cr, status(), withKafka, CREATED);
    metrics.reconciled(other, status(), withKafka, CREATED);

    metrics.cleanupDoneFor(ResourceID.fromResource(cr), Map.of());

    assertThat(Search.in(registry).tag("pipeline", "demo").meters()).isEmpty();
    // Three run counters per job, the time-to-Ready timer, the Ready gauge, the kafka gauge.
    assertThat(Search.in(registry).tag("pipeline", "other").meters()).hasSize(JobName.values().length * 3 + 3);
    assertThat(registry.scrape()).doesNotContain("pipeline=\"demo\"");
  }

  @Test
  void aReconciliationFinishingAfterTheDeletionDoesNotBringTheSeriesBack() {
    metrics.reconciled(cr, status(), status(), CREATED);
    metrics.cleanupDoneFor(ResourceID.fromResource(cr), Map.of());

    metrics.reconciled(cr, status(), status(run("extract", "demo-extract-r-1", "PENDING")), CREATED);
    assertThat(Search.in(registry).tag("pipeline", "demo").meters()).isEmpty();

    // Created again under the same name: a new uid, its series come back from zero.
    GamePipeline recreated = pipeline("demo");
    recreated.getMetadata().setUid("uid-of-the-new-one");
    metrics.reconciled(recreated, status(), status(), CREATED);
    assertThat(count(PipelineMetrics.RUNS_STARTED, "extract")).isZero();
  }

  @Test
  void theDisabledMetricsAcceptEverythingAndKeepNothingReadable() {
    PipelineMetrics disabled = PipelineMetrics.disabled();
    disabled.reconciled(cr, status(), status(run("extract", "demo-extract-r-1", "COMPLETED")), CREATED);
    disabled.cleanupDoneFor(ResourceID.fromResource(cr), Map.of());
  }

  private double count(String name, String job) {
    return registry.get(name).tags("pipeline", "demo", "spark_job", job).counter().count();
  }

  private double gauge(String name, Map<String, String> tags) {
    var search = registry.get(name).tag("pipeline", "demo");
    for (var tag : tags.entrySet()) {
      search = search.tag(tag.getKey(), tag.getValue());
    }
    return search.gauge().value();
  }

  private static GamePipeline pipeline(String name) {
    GamePipeline cr = Fixtures.newPipeline(name, "games");
    cr.getMetadata().setCreationTimestamp(CREATED.toString());
    cr.getMetadata().setUid("uid-of-" + name);
    return cr;
  }

  private static GamePipelineStatus status(RunStatus... runs) {
    GamePipelineStatus status = new GamePipelineStatus();
    status.runs = new java.util.ArrayList<>(java.util.List.of(runs));
    return status;
  }

  private static GamePipelineStatus ready(boolean ready, Instant since) {
    GamePipelineStatus status = status();
    status.conditions.add(new ConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
        .withLastTransitionTime(since.toString()).build());
    return status;
  }

  private static RunStatus run(String job, String name, String state) {
    RunStatus run = new RunStatus();
    run.job = job;
    run.name = name;
    run.state = state;
    return run;
  }
}
