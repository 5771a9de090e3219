package io.gamepipe.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.execution.streaming.CommitLog;
import org.apache.spark.sql.execution.streaming.CommitMetadata;
import org.apache.spark.sql.execution.streaming.OffsetSeq;
import org.apache.spark.sql.execution.streaming.OffsetSeqLog;
import org.apache.spark.sql.execution.streaming.OffsetSeqMetadata$;
import org.apache.spark.sql.execution.streaming.SerializedOffset;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Land's progress through the topic, in the layout and file format of a Structured Streaming
 * checkpoint with one Kafka source: {@code offsets/N} (the write-ahead log: batch N's end offsets,
 * written before the batch runs) and {@code commits/N} (written once the batch is published).
 * Written and read with Spark's own log classes, so a checkpoint left by the streaming version of
 * land is carried on, and the streaming query could carry on from this one.
 *
 * <p>A run plans its batches itself, so it needs no streaming query: it reads each batch as a
 * plain batch between two offsets. The exactly-once rule is the streaming one: a batch whose
 * offsets are logged but not committed is replayed with exactly those offsets.
 */
public final class LandCheckpoint {

    /** Batches whose logs are kept, as Spark keeps them ({@code spark.sql.streaming.minBatchesToRetain}). */
    private static final long BATCHES_KEPT = 100;

    private final SparkSession spark;
    private final KafkaTopic topic;
    private final OffsetSeqLog offsetLog;
    private final CommitLog commitLog;

    /** One batch: its id, and the offsets it starts at (inclusive) and ends at (exclusive) per partition. */
    public record Batch(long id, Map<Integer, Long> start, Map<Integer, Long> end) {

        /** Records in the batch (a partition missing from {@code start} counts from {@code earliest}). */
        public long records(Map<Integer, Long> earliest) {
            long records = 0;
            for (Map.Entry<Integer, Long> partition : end.entrySet()) {
                long from = start.getOrDefault(partition.getKey(), earliest.getOrDefault(partition.getKey(), 0L));
                records += Math.max(0, partition.getValue() - from);
            }
            return records;
        }
    }

    public LandCheckpoint(SparkSession spark, KafkaTopic topic, String path) {
        this.spark = spark;
        this.topic = topic;
        this.offsetLog = new OffsetSeqLog(spark, path + "/offsets");
        this.commitLog = new CommitLog(spark, path + "/commits");
    }

    /**
     * The batch a previous run logged but did not commit (it was killed between the two), to be
     * run again with the same offsets; empty when every logged batch is committed.
     */
    public Optional<Batch> uncommitted() {
        Option<Tuple2<Object, OffsetSeq>> logged = offsetLog.getLatest();
        if (logged.isEmpty()) {
            return Optional.empty();
        }
        long id = (Long) logged.get()._1();
        Option<Tuple2<Object, CommitMetadata>> committed = commitLog.getLatest();
        if (committed.isDefined() && (Long) committed.get()._1() >= id) {
            return Optional.empty();
        }
        return Optional.of(new Batch(id, endOf(id - 1), offsetsOf(logged.get()._2())));
    }

    /** The batch after the last logged one: its id and the offsets it starts at, its end still to be planned. */
    public Batch next() {
        Option<Tuple2<Object, OffsetSeq>> logged = offsetLog.getLatest();
        if (logged.isEmpty()) {
            return new Batch(0, Map.of(), Map.of());
        }
        return new Batch((Long) logged.get()._1() + 1, offsetsOf(logged.get()._2()), Map.of());
    }

    /** The batch after {@code batch}, its end still to be planned. */
    public static Batch after(Batch batch) {
        return new Batch(batch.id() + 1, batch.end(), Map.of());
    }

    /**
     * Plans batch {@code next}: from its start to {@code target}, at most {@code maxRecords}
     * records, shared among the partitions in proportion to what each has left (as Spark's Kafka
     * source shares {@code maxOffsetsPerTrigger}). Empty when nothing is left.
     */
    public static Optional<Batch> plan(Batch next, Map<Integer, Long> earliest, Map<Integer, Long> target,
            long maxRecords) {
        Map<Integer, Long> start = new TreeMap<>();
        Map<Integer, Long> left = new TreeMap<>();
        long total = 0;
        for (Map.Entry<Integer, Long> partition : target.entrySet()) {
            int number = partition.getKey();
            // A partition new since the last batch starts at its earliest offset, as in Spark's Kafka source.
            long from = next.start().getOrDefault(number, earliest.getOrDefault(number, 0L));
            start.put(number, from);
            long remaining = Math.max(0, partition.getValue() - from);
            left.put(number, remaining);
            total += remaining;
        }
        if (total == 0) {
            return Optional.empty();
        }
        Map<Integer, Long> end = new TreeMap<>();
        for (Map.Entry<Integer, Long> partition : left.entrySet()) {
            long remaining = partition.getValue();
            long share = remaining;
            if (total > maxRecords) {
                double prorated = (double) maxRecords * remaining / total;
                // At least one record of a partition that has some, so that every batch moves on.
                share = Math.min(remaining, prorated < 1 ? (long) Math.ceil(prorated) : (long) Math.floor(prorated));
            }
            end.put(partition.getKey(), start.get(partition.getKey()) + share);
        }
        return Optional.of(new Batch(next.id(), start, end));
    }

    /** Logs batch {@code batch}'s end offsets before it runs: from now on it is replayed until committed. */
    public void log(Batch batch) {
        Offset offset = new SerializedOffset(topic.offsetsJson(batch.end()));
        OffsetSeq offsets = new OffsetSeq(JavaConverters.asScalaBuffer(List.of(Option.apply(offset))).toSeq(),
                Option.apply(OffsetSeqMetadata$.MODULE$.apply(0L, System.currentTimeMillis(), spark.conf())));
        if (!offsetLog.add(batch.id(), offsets)) {
            throw new IllegalStateException("batch " + batch.id() + " is already in the offsets log: is another land run"
                    + " using this checkpoint?");
        }
    }

    /** Records that batch {@code id} is published; older logs beyond what is kept are deleted. */
    public void commit(long id) {
        if (!commitLog.add(id, new CommitMetadata(0L))) {
            throw new IllegalStateException("batch " + id + " is already committed: is another land run using this checkpoint?");
        }
        if (id >= BATCHES_KEPT) {
            offsetLog.purge(id - BATCHES_KEPT + 1);
            commitLog.purge(id - BATCHES_KEPT + 1);
        }
    }

    /** The offsets every committed batch reached: where the next run starts, by partition. */
    public Map<Integer, Long> committedOffsets() {
        Option<Tuple2<Object, CommitMetadata>> committed = commitLog.getLatest();
        return committed.isEmpty() ? Map.of() : endOf((Long) committed.get()._1());
    }

    private Map<Integer, Long> endOf(long id) {
        if (id < 0) {
            return Map.of();
        }
        Option<OffsetSeq> logged = offsetLog.get(id);
        return logged.isEmpty() ? Map.of() : offsetsOf(logged.get());
    }

    private Map<Integer, Long> offsetsOf(OffsetSeq logged) {
        Option<Offset> source = logged.offsets().isEmpty() ? Option.empty() : logged.offsets().head();
        return source.isEmpty() ? Map.of() : new LinkedHashMap<>(topic.parseOffsets(source.get().json()));
    }
}
