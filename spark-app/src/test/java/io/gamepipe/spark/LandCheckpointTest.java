package io.gamepipe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.spark.LandCheckpoint.Batch;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How land plans its batches between offsets (no Spark, no Kafka): what Trigger.AvailableNow would read. */
class LandCheckpointTest {

    private static final Batch FIRST = new Batch(0, Map.of(), Map.of());

    @Test
    void aFirstBatchStartsAtEachPartitionsEarliestOffsetAndTakesEverythingUnderTheLimit() {
        Optional<Batch> batch = LandCheckpoint.plan(FIRST, Map.of(0, 5L, 1, 0L), Map.of(0, 12L, 1, 3L), 1_000_000);

        assertThat(batch).contains(new Batch(0, Map.of(0, 5L, 1, 0L), Map.of(0, 12L, 1, 3L)));
        assertThat(batch.orElseThrow().records(Map.of())).isEqualTo(10);
    }

    @Test
    void theLimitIsSharedInProportionToWhatEachPartitionHasLeft() {
        Batch batch = LandCheckpoint.plan(FIRST, Map.of(0, 0L, 1, 0L), Map.of(0, 300L, 1, 100L), 100).orElseThrow();

        assertThat(batch.end()).isEqualTo(Map.of(0, 75L, 1, 25L));
    }

    @Test
    void aPartitionWithAFewRecordsLeftGetsAtLeastOneSoThatEveryBatchMovesOn() {
        Batch batch = LandCheckpoint.plan(FIRST, Map.of(0, 0L, 1, 0L), Map.of(0, 1000L, 1, 2L), 10).orElseThrow();

        assertThat(batch.end()).isEqualTo(Map.of(0, 9L, 1, 1L));
    }

    @Test
    void batchesOfTheLimitFollowEachOtherUpToTheTargetThenNothingIsLeft() {
        Map<Integer, Long> earliest = Map.of(0, 0L);
        Map<Integer, Long> target = Map.of(0, 25L);
        Batch first = LandCheckpoint.plan(FIRST, earliest, target, 10).orElseThrow();
        Batch second = LandCheckpoint.plan(LandCheckpoint.after(first), earliest, target, 10).orElseThrow();
        Batch third = LandCheckpoint.plan(LandCheckpoint.after(second), earliest, target, 10).orElseThrow();

        assertThat(first.end()).isEqualTo(Map.of(0, 10L));
        assertThat(second).isEqualTo(new Batch(1, Map.of(0, 10L), Map.of(0, 20L)));
        assertThat(third).isEqualTo(new Batch(2, Map.of(0, 20L), Map.of(0, 25L)));
        assertThat(LandCheckpoint.plan(LandCheckpoint.after(third), earliest, target, 10)).isEmpty();
    }

    @Test
    void aPartitionAddedSinceTheLastBatchStartsAtItsEarliestOffset() {
        Batch next = new Batch(7, Map.of(0, 40L), Map.of());

        Batch batch = LandCheckpoint.plan(next, Map.of(0, 0L, 1, 2L), Map.of(0, 42L, 1, 4L), 100).orElseThrow();

        assertThat(batch).isEqualTo(new Batch(7, Map.of(0, 40L, 1, 2L), Map.of(0, 42L, 1, 4L)));
    }

    @Test
    void anEmptyOrMissingTopicPlansNothing() {
        assertThat(LandCheckpoint.plan(FIRST, Map.of(), Map.of(), 10)).isEmpty();
        assertThat(LandCheckpoint.plan(new Batch(3, Map.of(0, 9L), Map.of()), Map.of(0, 0L), Map.of(0, 9L), 10)).isEmpty();
    }

    @Test
    void offsetsReadBackAsTheKafkaSourceWritesThem() {
        KafkaTopic topic = new KafkaTopic("localhost:9092", "events", 0, Duration.ofSeconds(1));

        assertThat(topic.offsetsJson(Map.of(1, 5L, 0, 42L))).isEqualTo("{\"events\":{\"0\":42,\"1\":5}}");
        assertThat(topic.parseOffsets("{\"events\":{\"2\":5,\"1\":7,\"0\":3}}")).isEqualTo(Map.of(0, 3L, 1, 7L, 2, 5L));
        assertThat(topic.parseOffsets("{\"other\":{\"0\":3}}")).isEmpty();
    }
}
