package io.gamepipe.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The original's batch jobs: read every record now in the topic (earliest to latest, no
 * offsets kept), write the valid events their own way, and the malformed records to the
 * quarantine dataset (overwritten on every run, empty when there are none).
 */
public abstract class BatchEventsJob extends SparkJob<BatchEventsJob.Settings> {

    public static final JobOptions.Option QUARANTINE_PATH = new JobOptions.Option("quarantine-path", "PATH",
            "{output-root}/quarantined_events", "Where malformed records go (overwritten).");

    /** The batch jobs' settings. */
    public record Settings(KafkaTopic source, String outputRoot, String quarantinePath) {
    }

    @Override
    protected List<JobOptions.Option> options() {
        return withCommon(QUARANTINE_PATH);
    }

    @Override
    protected Settings settings(JobOptions options) throws UsageException {
        return new Settings(KafkaTopic.from(options), trimSlash(options.get(JobOptions.OUTPUT_ROOT)),
                options.get(QUARANTINE_PATH));
    }

    @Override
    protected final KafkaTopic source(Settings settings) {
        return settings.source();
    }

    /** The topic's size, asked for while Spark starts: a small topic is read with the quick compiler alone. */
    @Override
    protected void whileSparkStarts(Settings settings) throws Exception {
        KafkaTopic.TopicOffsets offsets = settings.source().offsets();
        long records = 0;
        for (var partition : offsets.latest().entrySet()) {
            records += Math.max(0, partition.getValue() - offsets.earliest().getOrDefault(partition.getKey(), 0L));
        }
        backlogKnown(records);
        Timeline.mark("offsets listed");
    }

    private RecordCounts counts;

    /**
     * The valid events, counted while {@link #writeEvents} wrote them in one action: no second
     * Spark job to count the written rows. Call it after that action.
     */
    protected final long validEventsCounted() {
        return counts.read() - counts.quarantined();
    }

    /** Writes the valid events; {@code events} may be read only once (its records are counted as they are read). */
    protected abstract void writeEvents(SparkSession spark, Dataset<Row> events, Settings settings,
            JobSummary summary, PrintStream out) throws Exception;

    @Override
    protected final void execute(SparkSession spark, Settings settings, JobSummary summary, PrintStream out)
            throws Exception {
        Dataset<Row> records = settings.source().readAll(spark);
        RecordCounts counts = new RecordCounts(spark);
        this.counts = counts;
        Dataset<Row> classified = RecordClassifier.ahead(spark, records::schema).classify(records, counts);
        writeEvents(spark, RecordClassifier.valid(classified), settings, summary, out);
        Timeline.mark("events written");
        summary.addEventsRead(counts.read());
        writeQuarantine(spark, classified, counts.quarantined(), settings.quarantinePath());
        Timeline.mark("quarantine written");
        summary.addQuarantined(counts.quarantined(), settings.quarantinePath());
    }

    /** A second pass over the topic only when there is something to quarantine. */
    private static void writeQuarantine(SparkSession spark, Dataset<Row> classified, long quarantined, String path)
            throws IOException {
        Dataset<Row> records = RecordClassifier.quarantined(classified);
        if (quarantined > 0) {
            ParquetFiles.overwrite(records, path);
        } else {
            ParquetFiles.overwriteEmpty(spark, records.schema(), path);
        }
    }

    /** {@code /tmp/} and {@code /tmp} name the same root. */
    /** {@code path} without a trailing slash (but "/" stays "/"). */
    public static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
