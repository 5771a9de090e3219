package io.gamepipe.spark.jobs;

import static org.apache.spark.sql.functions.to_date;

import io.gamepipe.events.EventFields;
import io.gamepipe.events.JobReports;
import io.gamepipe.events.PipelineJob;
import io.gamepipe.spark.BatchEventsJob;
import io.gamepipe.spark.EventColumns;
import io.gamepipe.spark.JobOptions;
import io.gamepipe.spark.JobSummary;
import io.gamepipe.spark.KafkaTopic;
import io.gamepipe.spark.LandCheckpoint;
import io.gamepipe.spark.LandReport;
import io.gamepipe.spark.LandedBatches;
import io.gamepipe.spark.ParquetFiles;
import io.gamepipe.spark.RecordClassifier;
import io.gamepipe.spark.SparkJob;
import io.gamepipe.spark.Timeline;
import io.gamepipe.spark.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The incremental job the operator schedules: each run lands only the events that arrived since
 * the last run, exactly once, then stops. It reads the topic up to its end as it was when the run
 * started, in batches between offsets it logs in a checkpoint on HDFS before each batch and
 * commits after it ({@link LandCheckpoint}: what {@code Trigger.AvailableNow} does, without a
 * streaming query to start). Events go to Parquet partitioned by
 * {@code event_type} and {@code event_date}; malformed records to the quarantine.
 */
public final class LandEventsJob extends SparkJob<LandEventsJob.Settings> {

    public static final String EVENT_DATE = "event_date";

    public static final JobOptions.Option LANDED_PATH = new JobOptions.Option("landed-path", "PATH",
            "{output-root}/landed_events", "Where events land, partitioned event_type=.../event_date=....");
    public static final JobOptions.Option QUARANTINE_PATH = new JobOptions.Option("quarantine-path", "PATH",
            "{output-root}/landed_quarantine", "Where malformed records land.");
    public static final JobOptions.Option CHECKPOINT = new JobOptions.Option("checkpoint", "PATH",
            "{output-root}/_checkpoints/land", "The offsets landed so far; delete it to land everything again.");
    public static final JobOptions.Option MAX_OFFSETS_PER_TRIGGER = new JobOptions.Option("max-offsets-per-trigger", "N",
            "1000000", "Records per micro-batch at most (a run lands everything, in batches of this size).");

    /** The land job's settings. */
    public record Settings(KafkaTopic source, String outputRoot, String landedPath, String quarantinePath,
            String checkpoint, long maxOffsetsPerTrigger) {
    }

    public static void main(String[] args) {
        runMain(new LandEventsJob(), args);
    }

    @Override
    protected String name() {
        return "LandEventsJob";
    }

    @Override
    protected String description() {
        return "Lands the events that arrived since the last run, exactly once, as Parquet partitioned by "
                + "event_type and event_date (UTC date of the Kafka timestamp), then stops. Malformed records go to "
                + "the quarantine. Readers never see a row twice; every row carries its kafka_partition and kafka_offset.";
    }

    @Override
    protected List<JobOptions.Option> options() {
        return withCommon(LANDED_PATH, QUARANTINE_PATH, CHECKPOINT, MAX_OFFSETS_PER_TRIGGER);
    }

    @Override
    protected Settings settings(JobOptions options) throws UsageException {
        return new Settings(KafkaTopic.from(options), BatchEventsJob.trimSlash(options.get(JobOptions.OUTPUT_ROOT)),
                options.get(LANDED_PATH), options.get(QUARANTINE_PATH), options.get(CHECKPOINT),
                options.getLong(MAX_OFFSETS_PER_TRIGGER, 1));
    }

    @Override
    protected KafkaTopic source(Settings settings) {
        return settings.source();
    }

    /** The separate job's columns plus the Kafka coordinates; {@code event_type} and {@code event_date} are the partitions. */
    public static List<String> columns() {
        List<String> columns = new ArrayList<>(SeparateEventsJob.columns());
        columns.add(EventColumns.KAFKA_TOPIC);
        columns.add(EventColumns.KAFKA_PARTITION);
        columns.add(EventColumns.KAFKA_OFFSET);
        columns.add(EVENT_DATE);
        return EventColumns.sortedLikeOriginal(columns);
    }

    /** Valid events as landed: separated, with the Kafka coordinates and the date they are partitioned by. */
    public static Dataset<Row> landed(Dataset<Row> events) {
        List<Column> columns = new ArrayList<>(List.of(EventColumns.columns(columns())));
        return events
                .withColumn(EventFields.PARAMETER, EventColumns.parameter())
                .withColumn(EventFields.TIMESTAMP, TransformEventsJob.timestamp(events.sparkSession()))
                .withColumn(EVENT_DATE, to_date(EventColumns.column(EventColumns.KAFKA_TIMESTAMP)))
                .select(columns.toArray(Column[]::new));
    }

    /** The topic's offsets, asked for while Spark starts: the run lands up to {@code latest}, as they were then. */
    private volatile KafkaTopic.TopicOffsets offsetsAtStart;

    @Override
    protected void whileSparkStarts(Settings settings) throws Exception {
        offsetsAtStart = settings.source().offsets();
        Timeline.mark("offsets listed");
    }

    @Override
    protected void execute(SparkSession spark, Settings settings, JobSummary summary, PrintStream out) throws Exception {
        KafkaTopic source = settings.source();
        // Started first: it is built while the checkpoint is read and the first batch's read is planned.
        RecordClassifier.Ahead classification = RecordClassifier.ahead(spark, () -> source.readAll(spark).schema());
        LandedBatches batches = new LandedBatches(spark, classification, settings.landedPath(), settings.quarantinePath(),
                out, LandEventsJob::landed, EventFields.EVENT_TYPE, EVENT_DATE);
        LandCheckpoint checkpoint = new LandCheckpoint(spark, source, settings.checkpoint());
        Map<Integer, Long> earliest = offsetsAtStart.earliest();
        // A batch a killed run logged but did not commit goes first, with the same offsets.
        Optional<LandCheckpoint.Batch> replay = checkpoint.uncommitted();
        LandCheckpoint.Batch next = replay.map(LandCheckpoint::after).orElseGet(checkpoint::next);
        Timeline.mark("checkpoint read");
        // What this run will read: a replayed batch, then the topic from where the checkpoint left it to its end now.
        backlogKnown(replay.map(batch -> batch.records(earliest)).orElse(0L)
                + new LandCheckpoint.Batch(next.id(), next.start(), offsetsAtStart.latest()).records(earliest));
        if (replay.isPresent()) {
            land(spark, source, checkpoint, batches, replay.get());
        }
        // Then what is in the topic now, as Trigger.AvailableNow would: in batches of at most max-offsets-per-trigger.
        Optional<LandCheckpoint.Batch> planned;
        while ((planned = LandCheckpoint.plan(next, earliest, offsetsAtStart.latest(), settings.maxOffsetsPerTrigger()))
                .isPresent()) {
            checkpoint.log(planned.get());
            Timeline.mark("batch " + planned.get().id() + " offsets logged");
            land(spark, source, checkpoint, batches, planned.get());
            next = LandCheckpoint.after(planned.get());
        }
        summary.addEventsRead(batches.eventsRead());
        summary.addRows("landed_events", settings.landedPath(), batches.eventsLanded());
        summary.addQuarantined(batches.quarantined(), settings.quarantinePath());
        out.printf("batches run: %d (checkpoint %s)%n", batches.batches(), settings.checkpoint());
        writeReport(spark, settings, checkpoint.committedOffsets(), batches.eventsLanded(), out);
    }

    /** What this run committed, for the operator's and ./gamepipe status's freshness figures. */
    private static void writeReport(SparkSession spark, Settings settings, Map<Integer, Long> committed,
            long eventsLanded, PrintStream out) throws IOException {
        String topic = settings.source().topic();
        LandReport.write(ParquetFiles.fileSystem(spark, settings.outputRoot()), settings.outputRoot(), topic, committed,
                eventsLanded, Instant.now());
        out.printf("report: %s (committed offsets %s)%n", JobReports.path(settings.outputRoot(), PipelineJob.LAND), committed);
    }

    private static void land(SparkSession spark, KafkaTopic source, LandCheckpoint checkpoint, LandedBatches batches,
            LandCheckpoint.Batch batch) throws Exception {
        batches.call(source.readRange(spark, batch.start(), batch.end()), batch.id());
        checkpoint.commit(batch.id());
        Timeline.mark("batch " + batch.id() + " committed");
    }
}
