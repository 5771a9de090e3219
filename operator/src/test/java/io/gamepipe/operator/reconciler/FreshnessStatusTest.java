package io.gamepipe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.freshness.CompactReport;
import io.gamepipe.operator.freshness.Freshness;
import io.gamepipe.operator.freshness.LandReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreshnessStatusTest {
  private static final Instant LANDED = Instant.parse("2026-12-02T06:00:00Z");
  private static final Instant OLDEST = Instant.parse("2026-12-02T06:01:00Z");
  private static final Instant NOW = Instant.parse("2026-12-02T06:10:00Z");
  private static final LandReport LAND = new LandReport(LANDED, "events", Map.of(0, 40L), 40);
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");

  private static Freshness behind(long events) {
    return new Freshness(events, events == 0 ? null : OLDEST, LAND, null, null);
  }

  private static Freshness unknown() {
    return new Freshness(null, null, LAND, null, "cannot reach Kafka at game-kafka-bootstrap.prod.svc:9092 (no answer within 5 s)");
  }

  private FreshnessStatus.Verdict verdict(Freshness observed) {
    return FreshnessStatus.verdict(cr.getSpec().freshness, observed, NOW);
  }

  @Test
  void theFiguresAreInstantsAndCountsNeverAges() {
    var compact = new CompactReport(LANDED, 100L, 3L, 7L, 2L, 4096L);
    var figures = FreshnessStatus.figures(new Freshness(12L, OLDEST, LAND, compact, null));

    assertThat(figures.eventsNotLanded).isEqualTo(12);
    assertThat(figures.oldestNotLandedEventTime).isEqualTo("2026-12-02T06:01:00Z");
    assertThat(figures.lastLandRunTime).isEqualTo("2026-12-02T06:00:00Z");
    assertThat(figures.lastLandRunEvents).isEqualTo(40);
    assertThat(figures.message).isNull();
    assertThat(figures.compaction.filesBefore).isEqualTo(100);
    assertThat(figures.compaction.filesAfter).isEqualTo(3);
    assertThat(figures.compaction.retentionDays).isEqualTo(7);
    assertThat(figures.compaction.partitionsDeleted).isEqualTo(2);
    assertThat(figures.compaction.bytesFreed).isEqualTo(4096);
    assertThat(FreshnessStatus.figures(null)).as("not measured yet").isNull();
  }

  @Test
  void unknownFiguresSayWhyAndKeepWhatIsKnown() {
    var figures = FreshnessStatus.figures(unknown());

    assertThat(figures.eventsNotLanded).isNull();
    assertThat(figures.lastLandRunTime).isEqualTo("2026-12-02T06:00:00Z");
    assertThat(figures.message).startsWith("cannot reach Kafka at game-kafka-bootstrap.prod.svc:9092");
  }

  @Test
  void withoutAThresholdThereIsNoFreshCondition() {
    assertThat(FreshnessStatus.condition(cr, new GamePipelineStatus(), behind(1_000_000), NOW)).isEmpty();
  }

  @Test
  void theCountThreshold() {
    cr.getSpec().freshness.maxEventsNotLanded = 100L;

    assertThat(verdict(behind(100))).extracting(FreshnessStatus.Verdict::status).isEqualTo("True");
    assertThat(verdict(behind(0)).message()).isEqualTo("every event is landed");
    assertThat(verdict(behind(101))).isEqualTo(new FreshnessStatus.Verdict("False", "TooManyEventsNotLanded",
        "101 events not landed, more than maxEventsNotLanded 100"));
  }

  @Test
  void theAgeThresholdNamesTheOldestEventsTimeNotItsAge() {
    cr.getSpec().freshness.maxAge = "5m";

    assertThat(verdict(behind(3))).isEqualTo(new FreshnessStatus.Verdict("False", "OldestEventTooOld",
        "the oldest event not landed is from 2026-12-02T06:01:00Z, more than maxAge 5m ago"));
    cr.getSpec().freshness.maxAge = "15m";
    assertThat(verdict(behind(3))).isEqualTo(new FreshnessStatus.Verdict("True", "WithinThresholds",
        "3 events not landed, within maxAge 15m"));
  }

  @Test
  void unknownFiguresMakeFreshUnknown() {
    cr.getSpec().freshness.maxEventsNotLanded = 0L;

    assertThat(verdict(unknown())).isEqualTo(new FreshnessStatus.Verdict("Unknown", "LagUnknown", unknown().problem()));
    assertThat(verdict(null).status()).isEqualTo("Unknown");
  }

  @Test
  void freshKeepsItsTransitionTimeWhileItHolds() {
    cr.getSpec().freshness.maxEventsNotLanded = 10L;
    var previous = new GamePipelineStatus();
    previous.conditions.add(FreshnessStatus.condition(cr, new GamePipelineStatus(), behind(11), LANDED).orElseThrow());

    var later = FreshnessStatus.condition(cr, previous, behind(12), NOW).orElseThrow();

    assertThat(later.getStatus()).isEqualTo("False");
    assertThat(later.getLastTransitionTime()).isEqualTo(LANDED.toString());
    assertThat(FreshnessStatus.condition(cr, previous, behind(2), NOW).orElseThrow().getLastTransitionTime())
        .isEqualTo(NOW.toString());
  }

  @Test
  void theReconcilerWakesUpWhenTheOldestEventPassesMaxAge() {
    cr.getSpec().freshness.maxAge = "15m";

    assertThat(FreshnessStatus.wakeUp(cr.getSpec().freshness, behind(3), NOW))
        .contains(Duration.ofMinutes(6).plusSeconds(1));
    assertThat(FreshnessStatus.wakeUp(cr.getSpec().freshness, behind(0), NOW)).as("nothing to age").isEmpty();
    cr.getSpec().freshness.maxAge = "5m";
    assertThat(FreshnessStatus.wakeUp(cr.getSpec().freshness, behind(3), NOW)).as("already stale").isEmpty();
  }
}
