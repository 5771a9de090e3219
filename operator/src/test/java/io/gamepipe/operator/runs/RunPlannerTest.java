package io.gamepipe.operator.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.builders.SparkApplicationBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.crd.JobName;
import io.gamepipe.operator.crd.SparkSpec.RunRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunPlannerTest {
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");
  private static final Instant NOW = Instant.parse("2026-11-24T20:15:20Z");

  private static List<String> names(List<GenericKubernetesResource> runs) {
    return runs.stream().map(r -> r.getMetadata().getName()).toList();
  }

  private void request(String id, JobName... jobs) {
    cr.getSpec().spark.runRequest = new RunRequest();
    cr.getSpec().spark.runRequest.id = id;
    cr.getSpec().spark.runRequest.jobs = List.of(jobs);
  }

  private void status(java.util.function.Consumer<GamePipelineStatus> change) {
    GamePipelineStatus status = new GamePipelineStatus();
    change.accept(status);
    cr.setStatus(status);
  }

  @Test
  void nothingRunsWithoutScheduleOrRequest() {
    RunPlan plan = RunPlanner.plan(cr, List.of(), NOW, true);
    assertThat(plan.toCreate()).isEmpty();
    assertThat(plan.wakeUp()).isEmpty();
    assertThat(plan.nextScheduleTime()).isNull();
  }

  @Test
  void aNewRequestStartsItsFirstJobOnceWithANameFromItsId() {
    request("adhoc-1", JobName.SEPARATE, JobName.EXTRACT);
    RunPlan plan = RunPlanner.plan(cr, List.of(), NOW, true);
    assertThat(names(plan.toCreate())).containsExactly("game-extract-r-adhoc-1");
    assertThat(plan.toCreate().get(0).getMetadata().getAnnotations())
        .containsEntry(SparkApplicationBuilder.CHAIN, "extract,separate")
        .containsEntry(SparkApplicationBuilder.RUN_ID, "adhoc-1");
    assertThat(plan.lastRunRequestId()).isEqualTo("adhoc-1");
    assertThat(plan.runs()).extracting(r -> r.state).containsOnly("PENDING");

    status(s -> s.lastRunRequestId = "adhoc-1");
    assertThat(RunPlanner.plan(cr, plan.toCreate(), NOW, true).toCreate()).isEmpty();
  }

  @Test
  void aScheduleWithCompactRunsItAfterLandWithTheRetention() {
    cr.getSpec().spark.schedule = "15 20 * * *";
    cr.getSpec().spark.jobs = List.of(JobName.COMPACT, JobName.LAND);
    cr.getSpec().retention = new io.gamepipe.operator.crd.RetentionSpec();
    cr.getSpec().retention.days = 14;
    RunPlan plan = RunPlanner.plan(cr, List.of(), NOW, true);
    assertThat(names(plan.toCreate())).containsExactly("game-land-s-20261124-2015");
    assertThat(plan.toCreate().get(0).getMetadata().getAnnotations())
        .containsEntry(SparkApplicationBuilder.CHAIN, "land,compact");

    request("tidy", JobName.COMPACT);
    cr.getSpec().spark.schedule = null;
    var compact = RunPlanner.plan(cr, List.of(), NOW, true).toCreate();
    assertThat(names(compact)).containsExactly("game-compact-r-tidy");
    @SuppressWarnings("unchecked")
    var spec = (java.util.Map<String, Object>) compact.get(0).getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("mainClass", "io.gamepipe.spark.jobs.CompactEventsJob");
    assertThat((List<String>) spec.get("arguments")).endsWith("--retention-days", "14");
  }

  @Test
  void aRequestWithoutJobsRunsTheConfiguredJobs() {
    request("all");
    cr.getSpec().spark.jobs = List.of(JobName.TRANSFORM, JobName.LAND);
    assertThat(names(RunPlanner.plan(cr, List.of(), NOW, true).toCreate())).containsExactly("game-transform-r-all");
  }

  @Test
  void requestsAndSlotsWaitForTheDataPlane() {
    request("early", JobName.LAND);
    cr.getSpec().spark.schedule = "* * * * *";
    RunPlan plan = RunPlanner.plan(cr, List.of(), NOW, false);
    assertThat(plan.toCreate()).isEmpty();
    assertThat(plan.lastRunRequestId()).isNull();
    assertThat(plan.lastScheduleTime()).isNull();
    assertThat(plan.nextScheduleTime()).isEqualTo("2026-11-24T20:16:00Z");
  }

  @Test
  void aScheduleStartsTheCurrentSlotOnceAndWakesUpForTheNext() {
    cr.getSpec().spark.schedule = "*/5 * * * *";
    cr.getSpec().spark.jobs = List.of(JobName.EXTRACT, JobName.LAND);
    RunPlan plan = RunPlanner.plan(cr, List.of(), NOW, true);
    assertThat(names(plan.toCreate())).containsExactly("game-extract-s-20261124-2015");
    assertThat(plan.toCreate()).allSatisfy(r ->
        assertThat(r.getMetadata().getLabels()).containsEntry(SparkApplicationBuilder.TRIGGER_LABEL, "schedule"));
    assertThat(plan.lastScheduleTime()).isEqualTo("2026-11-24T20:15:00Z");
    assertThat(plan.wakeUp()).contains(Instant.parse("2026-11-24T20:20:00Z"));

    status(s -> s.lastScheduleTime = "2026-11-24T20:15:00Z");
    assertThat(RunPlanner.plan(cr, plan.toCreate(), NOW.plusSeconds(200), true).toCreate()).isEmpty();
    assertThat(names(RunPlanner.plan(cr, plan.toCreate(), Instant.parse("2026-11-24T20:20:01Z"), true).toCreate()))
        .containsExactly("game-extract-s-20261124-2020");
  }

  @Test
  void aSlotMissedByMoreThanTheDeadlineIsSkipped() {
    cr.getSpec().spark.schedule = "0 3 * * *";
    status(s -> s.lastScheduleTime = "2026-11-23T03:00:00Z");
    RunPlan plan = RunPlanner.plan(cr, List.of(), Instant.parse("2026-11-24T03:06:00Z"), true);
    assertThat(plan.toCreate()).isEmpty();
    assertThat(names(RunPlanner.plan(cr, List.of(), Instant.parse("2026-11-24T03:04:00Z"), true).toCreate()))
        .containsExactly("game-extract-s-20261124-0300");
  }

  @Test
  void onlyTheNewestRunsOfEachJobAreKept() {
    cr.getSpec().spark.historyLimit = 2;
    List<GenericKubernetesResource> existing = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      existing.add(SparkApplicationBuilder.build(cr, JobName.LAND, "game-land-r-" + i, "request",
          NOW.minusSeconds(100 - i)));
    }
    existing.add(SparkApplicationBuilder.build(cr, JobName.EXTRACT, "game-extract-r-1", "request", NOW.minusSeconds(500)));
    request("4", JobName.LAND);
    RunPlan plan = RunPlanner.plan(cr, existing, NOW, true);
    assertThat(names(plan.toCreate())).containsExactly("game-land-r-4");
    assertThat(names(plan.toDelete())).containsExactlyInAnyOrder("game-land-r-1", "game-land-r-2");
    assertThat(plan.runs()).extracting(r -> r.name)
        .containsExactly("game-extract-r-1", "game-land-r-4", "game-land-r-3");
  }

  @Test
  void theSparkOperatorsStateAndErrorBecomeTheRunsState() {
    var app = SparkApplicationBuilder.build(cr, JobName.SEPARATE, "game-separate-r-x", "request", NOW);
    assertThat(RunPlanner.runStatus(app).state).isEqualTo("PENDING");
    app.getAdditionalProperties().put("status",
        Map.of("applicationState", Map.of("state", "FAILED", "errorMessage", "driver OOMKilled")));
    var run = RunPlanner.runStatus(app);
    assertThat(run.state).isEqualTo("FAILED");
    assertThat(run.message).isEqualTo("driver OOMKilled");
    assertThat(run.job).isEqualTo("separate");
    assertThat(run.trigger).isEqualTo("request");
    assertThat(run.submittedAt).isEqualTo(NOW.toString());
  }

  @Test
  void runNamesAreValidDnsLabelsForTheLongestNamesAllowed() {
    GamePipeline longest = Fixtures.pipeline("a".repeat(27), "prod");
    String scheduled = RunPlanner.runName(longest, JobName.TRANSFORM, RunPlanner.SCHEDULE, "20261124-2015");
    String requested = RunPlanner.runName(longest, JobName.TRANSFORM, RunPlanner.REQUEST, "a".repeat(16));
    // The spark-operator derives "<name>-driver" and "<name>-ui-svc" from it.
    assertThat(List.of(scheduled + "-ui-svc", requested + "-ui-svc"))
        .allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
  }

  private static GenericKubernetesResource withState(GenericKubernetesResource run, String state) {
    run.getAdditionalProperties().put("status", Map.of("applicationState", Map.of("state", state)));
    return run;
  }

  @Test
  void eachJobOfATriggerStartsWhenThePreviousOneCompleted() {
    request("full");
    GenericKubernetesResource extract = RunPlanner.plan(cr, List.of(), NOW, true).toCreate().get(0);
    status(s -> s.lastRunRequestId = "full");
    Instant later = NOW.plusSeconds(60);
    assertThat(RunPlanner.plan(cr, List.of(withState(extract, "RUNNING")), later, true).toCreate()).isEmpty();
    assertThat(RunPlanner.plan(cr, List.of(withState(extract, "COMPLETED")), later, false).toCreate())
        .as("waits for the data plane").isEmpty();

    List<GenericKubernetesResource> transform = RunPlanner.plan(cr, List.of(withState(extract, "COMPLETED")), later,
        true).toCreate();
    assertThat(names(transform)).containsExactly("game-transform-r-full");
    assertThat(transform.get(0).getMetadata().getLabels()).containsEntry(SparkApplicationBuilder.TRIGGER_LABEL, "request");
    var both = List.of(extract, withState(transform.get(0), "COMPLETED"));
    assertThat(names(RunPlanner.plan(cr, both, later.plusSeconds(60), true).toCreate()))
        .containsExactly("game-separate-r-full");
    assertThat(RunPlanner.plan(cr, List.of(extract, withState(transform.get(0), "FAILED")), later, true).toCreate())
        .as("a failed run ends its chain").isEmpty();
  }

  @Test
  void aChainWhoseNextJobRanSinceIsSuperseded() {
    request("a");
    GenericKubernetesResource extract = withState(RunPlanner.plan(cr, List.of(), NOW, true).toCreate().get(0),
        "COMPLETED");
    // A later run of transform (e.g. a newer request, its older sibling already pruned) exists.
    var newerTransform = SparkApplicationBuilder.build(cr, JobName.TRANSFORM, "game-transform-r-b", "request",
        NOW.plusSeconds(30));
    status(s -> s.lastRunRequestId = "a");
    assertThat(RunPlanner.plan(cr, List.of(extract, newerTransform), NOW.plusSeconds(60), true).toCreate()).isEmpty();
  }
}
