package io.gamepipe.events;

/**
 * The small JSON report a job run leaves next to its output, for whoever watches the pipeline without
 * reading Spark's internals: the operator (freshness and retention in the GamePipeline's status) and
 * {@code ./gamepipe status}. One file per job, replaced atomically at the end of each successful run:
 * {@code {output-root}/_reports/{job}.json}. Folders starting with {@code _} are never datasets.
 *
 * <p>The field names below are the contract; a reader ignores fields it does not know.
 */
public final class JobReports {

    /** The folder under the output root that holds the reports. */
    public static final String FOLDER = "_reports";

    /** When the run finished, an ISO-8601 instant in UTC, e.g. {@code 2026-12-02T06:40:00Z}. */
    public static final String FINISHED_AT = "finishedAt";

    // land.json
    /** The topic land read. */
    public static final String TOPIC = "topic";
    /** An object of partition number (as a string) to the next offset not yet landed, as committed by the run. */
    public static final String COMMITTED_OFFSETS = "committedOffsets";
    /** Events landed by this run. */
    public static final String EVENTS_LANDED = "eventsLanded";

    // compact.json
    /** Parquet files before and after the run, over every partition it looked at. */
    public static final String FILES_BEFORE = "filesBefore";
    public static final String FILES_AFTER = "filesAfter";
    /** The retention in days the run applied; absent when data is kept for ever. */
    public static final String RETENTION_DAYS = "retentionDays";
    /** Partitions deleted by retention, and the bytes that freed. */
    public static final String PARTITIONS_DELETED = "partitionsDeleted";
    public static final String BYTES_FREED = "bytesFreed";

    private JobReports() {
    }

    /** Where the report of {@code job} lives under {@code outputRoot} (no trailing slash expected). */
    public static String path(String outputRoot, PipelineJob job) {
        return outputRoot + "/" + FOLDER + "/" + job.id() + ".json";
    }
}
