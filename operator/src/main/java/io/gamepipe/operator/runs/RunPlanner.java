package io.gamepipe.operator.runs;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gamepipe.operator.builders.SparkApplicationBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.crd.GamePipelineStatus.RunStatus;
import io.gamepipe.operator.crd.SparkJob;
import io.gamepipe.operator.crd.SparkSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Schedule and on-demand requests to SparkApplications, as a pure function of the CR, the runs that exist and
 * the time. Run names are deterministic (slot time or request id), so a repeated decision creates nothing new.
 */
public final class RunPlanner {
  public static final String SCHEDULE = "schedule";
  public static final String REQUEST = "request";
  /** A slot missed by more than this (operator down, data plane not ready) is skipped, as CronJob's deadline. */
  public static final Duration STARTING_DEADLINE = Duration.ofMinutes(5);
  private static final DateTimeFormatter SLOT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

  private RunPlanner() {
  }

  public static String runName(GamePipeline cr, SparkJob job, String trigger, String suffix) {
    return cr.getMetadata().getName() + "-" + job.id() + "-" + trigger.charAt(0) + "-" + suffix;
  }

  public static RunPlan plan(GamePipeline cr, List<GenericKubernetesResource> existing, Instant now,
      boolean dataPlaneReady) {
    SparkSpec spark = cr.getSpec().spark;
    GamePipelineStatus status = cr.getStatus() == null ? new GamePipelineStatus() : cr.getStatus();
    Set<String> names = new HashSet<>();
    existing.forEach(run -> names.add(run.getMetadata().getName()));
    List<GenericKubernetesResource> toCreate = new ArrayList<>();

    String lastScheduleTime = status.lastScheduleTime;
    String nextScheduleTime = null;
    Optional<Instant> wakeUp = Optional.empty();
    if (spark.schedule != null && !spark.schedule.isBlank()) {
      Cron cron = Cron.parse(spark.schedule);
      ZonedDateTime nowUtc = now.atZone(ZoneOffset.UTC);
      ZonedDateTime windowStart = lastScheduleTime != null
          ? ZonedDateTime.parse(lastScheduleTime)
          : nowUtc.minus(STARTING_DEADLINE);
      Optional<ZonedDateTime> slot = cron.latestBetween(windowStart, nowUtc);
      if (dataPlaneReady && slot.isPresent() && !slot.get().plus(STARTING_DEADLINE).isBefore(nowUtc)) {
        for (SparkJob job : spark.jobs) {
          String name = runName(cr, job, SCHEDULE, SLOT.format(slot.get()));
          if (names.add(name)) {
            toCreate.add(SparkApplicationBuilder.build(cr, job, name, SCHEDULE, now));
          }
        }
        lastScheduleTime = slot.get().toInstant().toString();
      }
      Optional<ZonedDateTime> next = cron.next(nowUtc);
      nextScheduleTime = next.map(t -> t.toInstant().toString()).orElse(null);
      wakeUp = next.map(ZonedDateTime::toInstant);
    }

    String lastRunRequestId = status.lastRunRequestId;
    var request = spark.runRequest;
    if (dataPlaneReady && request != null && request.id != null && !request.id.isBlank()
        && !request.id.equals(lastRunRequestId)) {
      List<SparkJob> jobs = request.jobs == null || request.jobs.isEmpty() ? spark.jobs : request.jobs;
      for (SparkJob job : jobs) {
        String name = runName(cr, job, REQUEST, request.id);
        if (names.add(name)) {
          toCreate.add(SparkApplicationBuilder.build(cr, job, name, REQUEST, now));
        }
      }
      lastRunRequestId = request.id;
    }

    List<GenericKubernetesResource> all = new ArrayList<>(existing);
    all.addAll(toCreate);
    List<GenericKubernetesResource> kept = new ArrayList<>();
    List<GenericKubernetesResource> toDelete = new ArrayList<>();
    for (SparkJob job : SparkJob.values()) {
      List<GenericKubernetesResource> ofJob = all.stream()
          .filter(run -> job.id().equals(run.getMetadata().getLabels().get(SparkApplicationBuilder.JOB_LABEL)))
          .sorted(NEWEST_FIRST)
          .toList();
      for (int i = 0; i < ofJob.size(); i++) {
        (i < spark.historyLimit ? kept : toDelete).add(ofJob.get(i));
      }
    }
    toDelete.removeIf(toCreate::contains);
    List<RunStatus> runs = kept.stream().map(RunPlanner::runStatus).toList();
    return new RunPlan(toCreate, toDelete, runs, lastRunRequestId, lastScheduleTime, nextScheduleTime, wakeUp);
  }

  private static final Comparator<GenericKubernetesResource> NEWEST_FIRST = Comparator
      .comparing((GenericKubernetesResource run) -> submittedAt(run)).reversed()
      .thenComparing(run -> run.getMetadata().getName(), Comparator.reverseOrder());

  private static String submittedAt(GenericKubernetesResource run) {
    var annotations = run.getMetadata().getAnnotations();
    String at = annotations == null ? null : annotations.get(SparkApplicationBuilder.SUBMITTED_AT);
    return at != null ? at : "";
  }

  /** The spark-operator reports status.applicationState.state; before it does, the run is PENDING. */
  @SuppressWarnings("unchecked")
  public static RunStatus runStatus(GenericKubernetesResource run) {
    RunStatus status = new RunStatus();
    status.name = run.getMetadata().getName();
    status.job = run.getMetadata().getLabels().get(SparkApplicationBuilder.JOB_LABEL);
    status.trigger = run.getMetadata().getLabels().get(SparkApplicationBuilder.TRIGGER_LABEL);
    status.submittedAt = submittedAt(run);
    status.state = "PENDING";
    Object runStatus = run.getAdditionalProperties().get("status");
    if (runStatus instanceof Map<?, ?> map && map.get("applicationState") instanceof Map<?, ?> state) {
      Map<String, Object> applicationState = (Map<String, Object>) state;
      if (applicationState.get("state") instanceof String value && !value.isBlank()) {
        status.state = value;
      }
      if (applicationState.get("errorMessage") instanceof String message && !message.isBlank()) {
        status.message = message;
      }
    }
    return status;
  }
}
