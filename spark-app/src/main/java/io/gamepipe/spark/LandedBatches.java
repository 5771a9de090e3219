package io.gamepipe.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The land job's micro-batch: classify the batch's records once, publish the valid events in the
 * form the job gives them (and, only when there are any, the quarantined records) with
 * {@link BatchPublisher}, print a progress line. Runs on the driver; Spark calls it once per
 * batch, again for a replayed batch.
 */
public final class LandedBatches implements VoidFunction2<Dataset<Row>, Long> {

    private final transient RecordClassifier.Ahead classification;
    private final transient BatchPublisher events;
    private final transient BatchPublisher quarantine;
    private final transient UnaryOperator<Dataset<Row>> asLanded;
    private final transient PrintStream out;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong eventsRead = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();

    /**
     * @param classification how the batches' records are classified (its SQL form built ahead)
     * @param asLanded the valid events as they are written: their columns, partition columns included
     * @param partitionColumns the directories the events are partitioned into, outermost first
     */
    public LandedBatches(SparkSession spark, RecordClassifier.Ahead classification, String landedPath,
            String quarantinePath, PrintStream out, UnaryOperator<Dataset<Row>> asLanded, String... partitionColumns)
            throws IOException {
        this.classification = classification;
        this.events = new BatchPublisher(ParquetFiles.fileSystem(spark, landedPath), landedPath, partitionColumns);
        this.asLanded = asLanded;
        this.quarantine = new BatchPublisher(ParquetFiles.fileSystem(spark, quarantinePath), quarantinePath);
        this.out = out;
        events.ensureRoot();
        quarantine.ensureRoot();
    }

    @Override
    public void call(Dataset<Row> kafkaRows, Long batchId) throws Exception {
        long start = System.nanoTime();
        RecordCounts counts = new RecordCounts(kafkaRows.sparkSession());
        Dataset<Row> classified = classification.classify(kafkaRows, counts);
        Timeline.mark("batch " + batchId + " read planned");
        int files = events.publish(batchId, asLanded.apply(RecordClassifier.valid(classified)));
        Timeline.mark("batch " + batchId + " events published");
        long read = counts.read();
        long bad = counts.quarantined();
        if (bad > 0) {
            // Rare: a second pass over this batch's offsets only when it holds malformed records.
            quarantine.publish(batchId, RecordClassifier.quarantined(classified));
        }
        batches.incrementAndGet();
        eventsRead.addAndGet(read);
        quarantined.addAndGet(bad);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "batch %d: %,d records, %,d landed in %d files, %,d quarantined, %.1f s (%,.0f records/s;"
                        + " write %.1f s, manifest and renames %.1f s)%n",
                batchId, read, read - bad, files, bad, seconds, seconds > 0 ? read / seconds : 0.0,
                events.lastWriteMillis() / 1000.0, events.lastFileMillis() / 1000.0);
        Timeline.mark("batch " + batchId);
    }

    public long batches() {
        return batches.get();
    }

    public long eventsRead() {
        return eventsRead.get();
    }

    public long quarantined() {
        return quarantined.get();
    }

    public long eventsLanded() {
        return eventsRead.get() - quarantined.get();
    }
}
