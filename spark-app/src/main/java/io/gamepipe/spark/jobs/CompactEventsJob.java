package io.gamepipe.spark.jobs;

import io.gamepipe.events.JobReports;
import io.gamepipe.events.PipelineJob;
import io.gamepipe.spark.DatasetLock;
import io.gamepipe.spark.FileCompactor;
import io.gamepipe.spark.JobOptions;
import io.gamepipe.spark.JobReportFile;
import io.gamepipe.spark.JobSummary;
import io.gamepipe.spark.KafkaTopic;
import io.gamepipe.spark.ParquetFiles;
import io.gamepipe.spark.PartitionRetention;
import io.gamepipe.spark.SparkJob;
import io.gamepipe.spark.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Merges the small files land leaves in every partition of {@code landed_events} and in the
 * quarantine into files of about {@code --target-file-size}, without a reader ever missing a row,
 * and deletes the date partitions older than {@code --retention-days}. Safe to run next to land:
 * both take the dataset's lock ({@link DatasetLock}) before changing its files. Reads no topic.
 */
public final class CompactEventsJob extends SparkJob<CompactEventsJob.Settings> {

    public static final JobOptions.Option TARGET_FILE_SIZE = new JobOptions.Option("target-file-size", "SIZE", "128m",
            "Files below this size are merged into files of about this size (bytes, or with k, m, g).");
    public static final JobOptions.Option RETENTION_DAYS = new JobOptions.Option("retention-days", "DAYS", null,
            "Delete the landed partitions (event_date) older than this many days; today's is always kept."
                    + " Not given: keep every partition.");
    public static final JobOptions.Option LOCK_TIMEOUT = new JobOptions.Option("lock-timeout", "SECONDS",
            String.valueOf(DatasetLock.DEFAULT_TIMEOUT.toSeconds()),
            "How long to wait for a land run to release a dataset before failing (exit 1).");

    /** A retention longer than this is surely a mistake (a date typed as days); leaving it out keeps data for ever. */
    public static final long MAX_RETENTION_DAYS = 36_500;
    /** The smallest target: below it, merged files would be as small as the ones merged. */
    public static final long MIN_TARGET_BYTES = 1024 * 1024;
    /** The system property that stops the JVM right after a step (a test's way to kill a run half way). */
    public static final String HALT_AFTER_PROPERTY = "gamepipe.compact.halt-after";

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The compact job's settings; {@code retentionDays} empty keeps every partition. */
    public record Settings(String outputRoot, String landedPath, String quarantinePath, long targetBytes,
            OptionalLong retentionDays, Duration lockTimeout) {
    }

    private final Consumer<String> afterStep;

    public CompactEventsJob() {
        this(haltAfter(System.getProperty(HALT_AFTER_PROPERTY)));
    }

    /** @param afterStep told each step of the compaction as it is done (tests look at the data there) */
    public CompactEventsJob(Consumer<String> afterStep) {
        this.afterStep = afterStep;
    }

    public static void main(String[] args) {
        runMain(new CompactEventsJob(), args);
    }

    private static Consumer<String> haltAfter(String step) {
        if (step == null || step.isBlank()) {
            return done -> { };
        }
        return done -> {
            if (done.equals(step)) {
                System.out.println("halting after '" + done + "' (" + HALT_AFTER_PROPERTY + ")");
                System.out.flush();
                Runtime.getRuntime().halt(137);
            }
        };
    }

    @Override
    protected String name() {
        return "CompactEventsJob";
    }

    @Override
    protected String description() {
        return "Merges the small Parquet files of landed_events (per partition) and of the quarantine into files of about "
                + "--target-file-size; readers never miss a row, and a run stopped half way is finished by the next one. "
                + "With --retention-days, deletes the landed partitions older than that (never today's). Waits for a "
                + "land run that is publishing into the same dataset. Writes {output-root}/_reports/compact.json.";
    }

    @Override
    protected List<JobOptions.Option> options() {
        return withCommon(LandEventsJob.LANDED_PATH, LandEventsJob.QUARANTINE_PATH, TARGET_FILE_SIZE, RETENTION_DAYS,
                LOCK_TIMEOUT);
    }

    @Override
    protected Settings settings(JobOptions options) throws UsageException {
        OptionalLong retention = OptionalLong.empty();
        if (options.find(RETENTION_DAYS).isPresent()) {
            long days = options.getLong(RETENTION_DAYS, 1);
            if (days > MAX_RETENTION_DAYS) {
                throw new UsageException("option --retention-days must be at most " + MAX_RETENTION_DAYS
                        + " (leave it out to keep every partition), got " + days);
            }
            retention = OptionalLong.of(days);
        }
        return new Settings(options.get(JobOptions.OUTPUT_ROOT), options.get(LandEventsJob.LANDED_PATH),
                options.get(LandEventsJob.QUARANTINE_PATH), options.getBytes(TARGET_FILE_SIZE, MIN_TARGET_BYTES), retention,
                Duration.ofSeconds(options.getLong(LOCK_TIMEOUT, 0)));
    }

    /** Compaction reads no topic: no Kafka check. */
    @Override
    protected KafkaTopic source(Settings settings) {
        return null;
    }

    @Override
    protected void execute(SparkSession spark, Settings settings, JobSummary summary, PrintStream out) throws Exception {
        String runId = RUN_ID.format(Instant.now());
        FileCompactor.LockTaker lock = (fs, dataset, holder) ->
                DatasetLock.acquire(fs, dataset, holder, settings.lockTimeout(), out);
        FileCompactor landed = new FileCompactor(spark, settings.landedPath(), settings.targetBytes(), runId, out, afterStep);
        FileSystem fs = ParquetFiles.fileSystem(spark, settings.landedPath());
        Path landedRoot = fs.makeQualified(new Path(settings.landedPath()));

        Path quarantineRoot = fs.makeQualified(new Path(settings.quarantinePath()));
        PartitionRetention.Deleted deleted = new PartitionRetention.Deleted(0, 0);
        FileCompactor.Result events;
        FileCompactor.Result quarantine;
        try (DatasetLock run = DatasetLock.acquireForCompaction(fs, landedRoot, "compact " + runId, settings.lockTimeout(), out)) {
            if (settings.retentionDays().isPresent()) {
                try (DatasetLock held = lock.take(fs, landedRoot, "compact " + runId + " (retention)")) {
                    landed.recover(); // a killed run's switch may move files into a partition about to expire
                    deleted = new PartitionRetention(fs, LandEventsJob.EVENT_DATE)
                            .apply(landedRoot, settings.retentionDays().getAsLong(), LocalDate.now(ZoneOffset.UTC), out);
                }
            }
            events = landed.compact(lock);
        }
        try (DatasetLock run = DatasetLock.acquireForCompaction(fs, quarantineRoot, "compact " + runId, settings.lockTimeout(), out)) {
            quarantine = new FileCompactor(spark, settings.quarantinePath(), settings.targetBytes(), runId, out, afterStep)
                    .compact(lock);
        }

        summary.addFigure("landed_events", files(events) + " -> " + settings.landedPath());
        summary.addFigure("landed_quarantine", files(quarantine) + " -> " + settings.quarantinePath());
        summary.addFigure("retention", settings.retentionDays().isEmpty() ? "none (every partition kept)"
                : String.format(Locale.ROOT, "%d days: %,d partitions deleted, %,d bytes freed",
                        settings.retentionDays().getAsLong(), deleted.partitions(), deleted.bytes()));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put(JobReports.FINISHED_AT, Instant.now().toString());
        report.put(JobReports.FILES_BEFORE, events.filesBefore() + quarantine.filesBefore());
        report.put(JobReports.FILES_AFTER, events.filesAfter() + quarantine.filesAfter());
        settings.retentionDays().ifPresent(days -> report.put(JobReports.RETENTION_DAYS, days));
        report.put(JobReports.PARTITIONS_DELETED, deleted.partitions());
        report.put(JobReports.BYTES_FREED, deleted.bytes());
        out.println("report: " + JobReportFile.write(fs, settings.outputRoot(), PipelineJob.COMPACT, report));
    }

    private static String files(FileCompactor.Result result) {
        return String.format(Locale.ROOT, "%,d files before, %,d after (%,d groups merged)",
                result.filesBefore(), result.filesAfter(), result.groupsMerged());
    }
}
