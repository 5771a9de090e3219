package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.gamepipe.operator.crd.FreshnessSpec;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.freshness.CompactReport;
import io.gamepipe.operator.freshness.Durations;
import io.gamepipe.operator.freshness.Freshness;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The freshness part of the status: the figures, and the {@value #FRESH} condition when the spec sets a threshold.
 * Fresh is True within every threshold set, False past one, Unknown while the figures are; without a threshold there
 * is no Fresh condition at all. Times are kept as instants, never as ages: an age would change the status every
 * poll; kubectl shows the age of the printed times itself.
 */
public final class FreshnessStatus {
  public static final String FRESH = "Fresh";

  private FreshnessStatus() {
  }

  /** The status's freshness figures; null before the first observation. */
  static GamePipelineStatus.Freshness figures(Freshness observed) {
    if (observed == null) {
      return null;
    }
    var figures = new GamePipelineStatus.Freshness();
    figures.eventsNotLanded = observed.eventsNotLanded();
    figures.oldestNotLandedEventTime = observed.oldest().map(Instant::toString).orElse(null);
    if (observed.land() != null) {
      figures.lastLandRunTime = observed.land().finishedAt().toString();
      figures.lastLandRunEvents = observed.land().eventsLanded();
    }
    figures.message = observed.problem();
    figures.compaction = compaction(observed.compact());
    return figures;
  }

  private static GamePipelineStatus.Compaction compaction(CompactReport report) {
    if (report == null) {
      return null;
    }
    var compaction = new GamePipelineStatus.Compaction();
    compaction.finishedAt = report.finishedAt().toString();
    compaction.filesBefore = report.filesBefore();
    compaction.filesAfter = report.filesAfter();
    compaction.retentionDays = report.retentionDays();
    compaction.partitionsDeleted = report.partitionsDeleted();
    compaction.bytesFreed = report.bytesFreed();
    return compaction;
  }

  /** Whether the spec sets any threshold, i.e. whether there is a Fresh condition. */
  static boolean hasThreshold(FreshnessSpec spec) {
    return spec.maxEventsNotLanded != null || spec.maxAge != null;
  }

  /** The Fresh condition, when the spec sets a threshold. */
  static Optional<Condition> condition(GamePipeline cr, GamePipelineStatus previous, Freshness observed, Instant now) {
    FreshnessSpec spec = cr.getSpec().freshness;
    if (!hasThreshold(spec)) {
      return Optional.empty();
    }
    Verdict verdict = verdict(spec, observed, now);
    return Optional.of(StatusComputer.condition(previous, FRESH, verdict.status(), verdict.reason(), verdict.message(),
        cr, now));
  }

  /** Status ("True", "False", "Unknown"), reason and message of Fresh: messages name instants, not ages. */
  record Verdict(String status, String reason, String message) {
  }

  static Verdict verdict(FreshnessSpec spec, Freshness observed, Instant now) {
    if (observed == null) {
      return new Verdict("Unknown", "NotMeasuredYet", "the lag has not been measured yet");
    }
    if (observed.eventsNotLanded() == null) {
      return new Verdict("Unknown", "LagUnknown", observed.problem());
    }
    long events = observed.eventsNotLanded();
    if (spec.maxEventsNotLanded != null && events > spec.maxEventsNotLanded) {
      return new Verdict("False", "TooManyEventsNotLanded", events + " events not landed, more than maxEventsNotLanded "
          + spec.maxEventsNotLanded);
    }
    if (spec.maxAge != null && observed.oldestNotLanded() != null
        && observed.oldestNotLanded().plus(Durations.parse(spec.maxAge)).isBefore(now)) {
      return new Verdict("False", "OldestEventTooOld", "the oldest event not landed is from " + observed.oldestNotLanded()
          + ", more than maxAge " + spec.maxAge + " ago");
    }
    return new Verdict("True", "WithinThresholds", events == 0 ? "every event is landed"
        : events + " events not landed, within " + thresholds(spec));
  }

  private static String thresholds(FreshnessSpec spec) {
    if (spec.maxEventsNotLanded != null && spec.maxAge != null) {
      return "maxEventsNotLanded " + spec.maxEventsNotLanded + " and maxAge " + spec.maxAge;
    }
    return spec.maxAge != null ? "maxAge " + spec.maxAge : "maxEventsNotLanded " + spec.maxEventsNotLanded;
  }

  /**
   * When Fresh would turn False by the clock alone (the oldest event not landed passing maxAge): no poll result
   * changes then, so the reconciler must wake itself up.
   */
  static Optional<Duration> wakeUp(FreshnessSpec spec, Freshness observed, Instant now) {
    if (spec.maxAge == null || observed == null || observed.oldestNotLanded() == null) {
      return Optional.empty();
    }
    Instant stale = observed.oldestNotLanded().plus(Durations.parse(spec.maxAge));
    return stale.isAfter(now) ? Optional.of(Duration.between(now, stale).plusSeconds(1)) : Optional.empty();
  }
}
