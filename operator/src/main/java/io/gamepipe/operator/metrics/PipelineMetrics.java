package io.gamepipe.operator.metrics;

import io.fabric8.kubernetes.api.model.Condition;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.crd.GamePipelineStatus.RunStatus;
import io.gamepipe.operator.crd.JobName;
import io.gamepipe.operator.reconciler.StatusComputer;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * gamepipe's own metrics, read from what each reconciliation changes in a pipeline's status: runs started, completed
 * and failed per job, the time a pipeline takes to become Ready, and the readiness of each component. Taking them
 * from the status (not from the calls that create runs) counts a run once however often its creation is retried,
 * and a restarted operator counts nothing twice: the status on the server already holds what it saw before.
 *
 * <p>JOSDK tells it when a pipeline is deleted ({@link #cleanupDoneFor}); its series go with it.
 */
public final class PipelineMetrics implements Metrics {
  static final String RUNS_STARTED = "gamepipe.operator.runs.started";
  static final String RUNS_COMPLETED = "gamepipe.operator.runs.completed";
  static final String RUNS_FAILED = "gamepipe.operator.runs.failed";
  static final String TIME_TO_READY = "gamepipe.operator.time.to.ready";
  static final String COMPONENT_READY = "gamepipe.operator.component.ready";
  static final String PIPELINE_READY = "gamepipe.operator.pipeline.ready";
  private static final String READY = "Ready";
  static final Duration[] READY_BUCKETS = {Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1),
      Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(10),
      Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1)};

  private final MeterRegistry registry;
  private final Map<ResourceID, Pipeline> pipelines = new ConcurrentHashMap<>();
  // uids of deleted pipelines: a reconciliation still running when its pipeline was deleted must not bring the
  // series back. Bounded: only a reconciliation racing a deletion can present one of them.
  private final Set<String> deleted = Collections.newSetFromMap(Collections.synchronizedMap(
      new LinkedHashMap<String, Boolean>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > 1000;
        }
      }));

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records nothing anyone can read: for reconcilers built without an endpoint (tests). */
  public static PipelineMetrics disabled() {
    return new PipelineMetrics(new CompositeMeterRegistry());
  }

  /** One reconciliation of {@code cr} turned status {@code previous} into {@code next}. */
  public void reconciled(GamePipeline cr, GamePipelineStatus previous, GamePipelineStatus next, Instant now) {
    if (deleted.contains(cr.getMetadata().getUid())) {
      return;
    }
    Pipeline pipeline = pipelines.computeIfAbsent(ResourceID.fromResource(cr), id -> new Pipeline(cr));
    pipeline.update(cr, previous, next, now);
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    Pipeline gone = pipelines.remove(resourceID);
    if (gone != null) {
      if (gone.uid != null) {
        deleted.add(gone.uid);
      }
      synchronized (gone) { // update() may be adding a component's gauge
        gone.meters.forEach(registry::remove);
      }
    }
  }

  /** The meters of one pipeline, registered at first sight so that every series exists from zero. */
  private final class Pipeline {
    final List<Meter> meters = new ArrayList<>();
    final Map<String, Counter> started = new HashMap<>();
    final Map<String, Counter> completed = new HashMap<>();
    final Map<String, Counter> failed = new HashMap<>();
    final Map<String, AtomicInteger> componentReady = new ConcurrentHashMap<>();
    final AtomicInteger ready = new AtomicInteger();
    final Timer timeToReady;
    final Tags tags;
    final String uid;
    // Runs already counted; only names still in the status are kept, so the sets stay as small as the history.
    Set<String> countedStarts = new HashSet<>();
    Set<String> countedEnds = new HashSet<>();

    Pipeline(GamePipeline cr) {
      uid = cr.getMetadata().getUid();
      tags = Tags.of("namespace", String.valueOf(cr.getMetadata().getNamespace()),
          "pipeline", cr.getMetadata().getName());
      for (JobName job : JobName.values()) {
        // Not "job": Prometheus gives that label to the scrape target.
        Tags jobTags = tags.and("spark_job", job.id());
        started.put(job.id(), add(Counter.builder(RUNS_STARTED).tags(jobTags)
            .description("SparkApplications the operator started").register(registry)));
        completed.put(job.id(), add(Counter.builder(RUNS_COMPLETED).tags(jobTags)
            .description("Runs the spark-operator reported COMPLETED").register(registry)));
        failed.put(job.id(), add(Counter.builder(RUNS_FAILED).tags(jobTags)
            .description("Runs the spark-operator reported FAILED or SUBMISSION_FAILED").register(registry)));
      }
      // Ten buckets, not Micrometer's ~60 percentile buckets: a series count per pipeline that stays small.
      timeToReady = add(Timer.builder(TIME_TO_READY).tags(tags)
          .description("From creation, or from losing Ready, until the pipeline is Ready")
          .serviceLevelObjectives(READY_BUCKETS).register(registry));
      add(Gauge.builder(PIPELINE_READY, ready, AtomicInteger::get).tags(tags)
          .description("1 while the pipeline's Ready condition is True").register(registry));
    }

    synchronized void update(GamePipeline cr, GamePipelineStatus previous, GamePipelineStatus next, Instant now) {
      countRuns(previous, next);
      boolean wasReady = isReady(previous);
      boolean isReady = isReady(next);
      ready.set(isReady ? 1 : 0);
      if (isReady && !wasReady) {
        Instant since = notReadySince(cr, previous);
        if (since != null && !since.isAfter(now)) {
          timeToReady.record(Duration.between(since, now));
        }
      }
      next.components.forEach((component, status) -> componentReady.computeIfAbsent(component, c -> {
        AtomicInteger value = new AtomicInteger();
        add(Gauge.builder(COMPONENT_READY, value, AtomicInteger::get).tags(tags.and("component", c))
            .description("1 while the component is ready (kafka, hdfs-namenode, ...), from the pipeline's status")
            .register(registry));
        return value;
      }).set(status.ready ? 1 : 0));
    }

    private void countRuns(GamePipelineStatus previous, GamePipelineStatus next) {
      Map<String, String> before = new HashMap<>();
      previous.runs.forEach(run -> before.put(run.name, run.state));
      Set<String> starts = new HashSet<>();
      Set<String> ends = new HashSet<>();
      for (RunStatus run : next.runs) {
        if (run.name == null || !started.containsKey(run.job)) {
          continue;
        }
        starts.add(run.name);
        if (!before.containsKey(run.name) && !countedStarts.contains(run.name)) {
          started.get(run.job).increment();
        }
        Map<String, Counter> outcome = "COMPLETED".equals(run.state) ? completed
            : StatusComputer.failed(run) ? failed : null;
        if (outcome != null) {
          ends.add(run.name);
          if (!run.state.equals(before.get(run.name)) && !countedEnds.contains(run.name)) {
            outcome.get(run.job).increment();
          }
        }
      }
      countedStarts = starts;
      countedEnds = ends;
    }

    private <M extends Meter> M add(M meter) {
      meters.add(meter);
      return meter;
    }
  }

  private static boolean isReady(GamePipelineStatus status) {
    Condition ready = readyCondition(status);
    return ready != null && "True".equals(ready.getStatus());
  }

  private static Condition readyCondition(GamePipelineStatus status) {
    return status.conditions.stream().filter(c -> READY.equals(c.getType())).findFirst().orElse(null);
  }

  /** When Ready last went False, else when the pipeline was created. */
  private static Instant notReadySince(GamePipeline cr, GamePipelineStatus previous) {
    Condition ready = readyCondition(previous);
    String since = ready != null && ready.getLastTransitionTime() != null ? ready.getLastTransitionTime()
        : cr.getMetadata().getCreationTimestamp();
    try {
      return since == null ? null : OffsetDateTime.parse(since).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
