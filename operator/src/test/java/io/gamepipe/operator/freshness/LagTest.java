package io.gamepipe.operator.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LagTest {
  private static final Instant T0 = Instant.parse("2026-12-02T06:00:00Z");

  private static LandReport landed(Map<Integer, Long> committed) {
    return new LandReport(T0, "events", committed, 10);
  }

  @Test
  void eventsAfterLandsCommittedOffsetsAreNotLanded() {
    var offsets = new TopicOffsets(Map.of(0, 0L, 1, 0L, 2, 0L), Map.of(0, 10L, 1, 7L, 2, 3L));

    var first = Lag.firstNotLanded(offsets, landed(Map.of(0, 4L, 1, 7L, 2, 0L)), "events");

    assertThat(first).as("partition 1 is landed to its end").containsExactlyInAnyOrderEntriesOf(Map.of(0, 4L, 2, 0L));
    assertThat(Lag.eventsNotLanded(offsets, first)).isEqualTo(6 + 3);
  }

  @Test
  void withoutAReportEveryEventStillKeptIsNotLanded() {
    var offsets = new TopicOffsets(Map.of(0, 5L, 1, 0L), Map.of(0, 12L, 1, 0L));

    var first = Lag.firstNotLanded(offsets, null, "events");

    assertThat(first).containsExactlyInAnyOrderEntriesOf(Map.of(0, 5L));
    assertThat(Lag.eventsNotLanded(offsets, first)).isEqualTo(7);
  }

  @Test
  void aPartitionAddedSinceLandsLastRunCountsFromItsBeginning() {
    var offsets = new TopicOffsets(Map.of(0, 0L, 1, 0L), Map.of(0, 4L, 1, 3L));

    var first = Lag.firstNotLanded(offsets, landed(Map.of(0, 4L)), "events");

    assertThat(first).containsExactlyInAnyOrderEntriesOf(Map.of(1, 0L));
    assertThat(Lag.eventsNotLanded(offsets, first)).isEqualTo(3);
  }

  @Test
  void eventsDeletedByKafkasRetentionBeforeLandingAreNotCounted() {
    var offsets = new TopicOffsets(Map.of(0, 100L), Map.of(0, 130L));

    var first = Lag.firstNotLanded(offsets, landed(Map.of(0, 20L)), "events");

    assertThat(first).containsExactlyInAnyOrderEntriesOf(Map.of(0, 100L));
    assertThat(Lag.eventsNotLanded(offsets, first)).isEqualTo(30);
  }

  @Test
  void aReportAboutAnotherTopicCountsForNothing() {
    var offsets = new TopicOffsets(Map.of(0, 0L), Map.of(0, 8L));

    var first = Lag.firstNotLanded(offsets, new LandReport(T0, "old-topic", Map.of(0, 8L), 8), "events");

    assertThat(Lag.eventsNotLanded(offsets, first)).isEqualTo(8);
  }

  @Test
  void anEmptyTopicHasNothingToLand() {
    var offsets = new TopicOffsets(Map.of(0, 0L), Map.of(0, 0L));

    assertThat(Lag.eventsNotLanded(offsets, Lag.firstNotLanded(offsets, null, "events"))).isZero();
  }
}
