package io.gamepipe.operator.runs;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gamepipe.operator.builders.SparkApplicationBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.crd.GamePipelineStatus.RunStatus;
import io.gamepipe.operator.crd.JobName;
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

  public static String runName(GamePipeline cr, JobName job, String trigger, String suffix) {
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
        start(cr, spark.jobs, SCHEDULE, SLOT.format(slot.get()), names, toCreate, now);
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
      List<JobName> jobs = request.jobs == null || request.jobs.isEmpty() ? spark.jobs : request.jobs;
      start(cr, jobs, REQUEST, request.id, names, toCreate, now);
      lastRunRequestId = request.id;
    }
    if (dataPlaneReady) {
      continueChains(cr, existing, names, toCreate, now);
    }

    List<GenericKubernetesResource> all = new ArrayList<>(existing);
    all.addAll(toCreate);
    List<GenericKubernetesResource> kept = new ArrayList<>();
    List<GenericKubernetesResource> toDelete = new ArrayList<>();
    for (JobName job : JobName.values()) {
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

  /**
   * The plan while SparkApplications cannot be created (the spark-operator's API is not served): nothing starts
   * and nothing is deleted, the runs last reported stay, and a pending request stays pending.
   */
  public static RunPlan withoutSparkApplications(GamePipeline cr, Instant now) {
    GamePipelineStatus status = cr.getStatus() == null ? new GamePipelineStatus() : cr.getStatus();
    RunPlan idle = plan(cr, List.of(), now, false);
    return new RunPlan(List.of(), List.of(), status.runs, idle.lastRunRequestId(), idle.lastScheduleTime(),
        idle.nextScheduleTime(), idle.wakeUp());
  }

  /** Whether the spec asks for runs: a schedule, or a request that has not started yet. */
  public static boolean wantsRuns(GamePipeline cr) {
    var spark = cr.getSpec().spark;
    var request = spark.runRequest;
    String handled = cr.getStatus() == null ? null : cr.getStatus().lastRunRequestId;
    boolean scheduled = spark.schedule != null && !spark.schedule.isBlank();
    boolean requested = request != null && request.id != null && !request.id.isBlank() && !request.id.equals(handled);
    return scheduled || requested;
  }

  /**
   * A trigger runs its jobs one after the other, in pipeline order (transform reads what extract wrote,
   * separate what transform rewrote): only the first starts now, each next one when its predecessor completes.
   */
  private static void start(GamePipeline cr, List<JobName> jobs, String trigger, String runId, Set<String> names,
      List<GenericKubernetesResource> toCreate, Instant now) {
    List<JobName> chain = jobs.stream().distinct().sorted().toList();
    if (chain.isEmpty()) {
      return;
    }
    String name = runName(cr, chain.get(0), trigger, runId);
    if (names.add(name)) {
      toCreate.add(SparkApplicationBuilder.build(cr, chain.get(0), name, trigger, now, runId, chain));
    }
  }

  /**
   * The next job of a completed run's chain starts, unless it exists already or a run of that job started since
   * (then this chain is superseded; it also keeps a pruned successor from starting again).
   */
  private static void continueChains(GamePipeline cr, List<GenericKubernetesResource> existing, Set<String> names,
      List<GenericKubernetesResource> toCreate, Instant now) {
    for (GenericKubernetesResource run : existing) {
      RunStatus status = runStatus(run);
      var annotations = run.getMetadata().getAnnotations();
      if (!"COMPLETED".equals(status.state) || annotations == null || annotations.get(SparkApplicationBuilder.CHAIN) == null) {
        continue;
      }
      List<JobName> chain = java.util.Arrays.stream(annotations.get(SparkApplicationBuilder.CHAIN).split(","))
          .filter(id -> !id.isBlank()).map(JobName::fromId).toList();
      int position = chain.indexOf(JobName.fromId(status.job));
      if (position < 0 || position + 1 >= chain.size()) {
        continue;
      }
      JobName next = chain.get(position + 1);
      boolean superseded = existing.stream().anyMatch(other ->
          next.id().equals(other.getMetadata().getLabels().get(SparkApplicationBuilder.JOB_LABEL))
              && submittedAt(other).compareTo(status.submittedAt) >= 0);
      String runId = annotations.getOrDefault(SparkApplicationBuilder.RUN_ID, "");
      String name = runName(cr, next, status.trigger, runId);
      if (!superseded && names.add(name)) {
        toCreate.add(SparkApplicationBuilder.build(cr, next, name, status.trigger, now, runId, chain));
      }
    }
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
