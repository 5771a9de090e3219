package io.gamepipe.spark.jobs;

import io.gamepipe.events.EventFields;
import io.gamepipe.events.EventType;
import io.gamepipe.spark.BatchEventsJob;
import io.gamepipe.spark.EventColumns;
import io.gamepipe.spark.JobSummary;
import io.gamepipe.spark.ParquetFiles;
import io.gamepipe.spark.ShownTables;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The original's separate_events (second generation): collapses the per-type parameter into
 * {@code parameter} and writes one dataset per event type: {@code default_hits},
 * {@code item_purchases}, {@code guild_joins}, {@code sword_purchases} (the first generation's
 * {@code purchase_sword}) and {@code other_events} for any type without a mapping.
 */
public final class SeparateEventsJob extends BatchEventsJob {

    /** Where the single pass over the topic lands before each dataset is moved to its own directory. */
    static final String STAGING = "_separate_events_staging";
    private static final String DATASET_COLUMN = "dataset";

    public static void main(String[] args) {
        runMain(new SeparateEventsJob(), args);
    }

    @Override
    protected String name() {
        return "SeparateEventsJob";
    }

    @Override
    protected String description() {
        return "Reads every event in the topic, collapses item (purchase_item) and guild_id (join_guild) into "
                + "'parameter' and writes one dataset per event type under <output-root>: " + String.join(", ", datasets())
                + " (overwritten; " + EventType.UNMAPPED_DATASET + " holds types without a mapping); "
                + "malformed records go to the quarantine.";
    }

    /** Every dataset this job writes, empty ones included. */
    public static List<String> datasets() {
        Set<String> datasets = new LinkedHashSet<>();
        for (EventType type : EventType.values()) {
            datasets.add(type.dataset());
        }
        datasets.add(EventType.UNMAPPED_DATASET);
        return List.copyOf(datasets);
    }

    /** Known fields without item and guild_id, plus parameter, timestamp and the extra fields, in the original's order. */
    public static List<String> columns() {
        List<String> columns = new ArrayList<>(EventColumns.knownFields());
        columns.remove(EventFields.ITEM);
        columns.remove(EventFields.GUILD_ID);
        columns.add(EventFields.PARAMETER);
        columns.add(EventFields.TIMESTAMP);
        columns.add(EventColumns.EXTRA_FIELDS);
        return EventColumns.sortedLikeOriginal(columns);
    }

    /** The events with {@code parameter} and {@code timestamp}, in {@link #columns()}. */
    public static Dataset<Row> separated(Dataset<Row> events) {
        return events
                .withColumn(EventFields.PARAMETER, EventColumns.parameter())
                .withColumn(EventFields.TIMESTAMP, TransformEventsJob.timestamp(events.sparkSession()))
                .select(EventColumns.columns(columns()));
    }

    @Override
    protected void writeEvents(SparkSession spark, Dataset<Row> events, Settings settings, JobSummary summary,
            PrintStream out) throws Exception {
        String staging = settings.outputRoot() + "/" + STAGING;
        Dataset<Row> separated = separated(events);
        // One pass over the topic for every dataset (the original filtered it once per dataset).
        ParquetFiles.overwrite(separated.withColumn(DATASET_COLUMN, EventColumns.dataset()), staging, DATASET_COLUMN);
        publish(spark, separated, staging, settings.outputRoot(), summary, out);
    }

    private void publish(SparkSession spark, Dataset<Row> separated, String staging, String outputRoot,
            JobSummary summary, PrintStream out) throws Exception {
        FileSystem fs = ParquetFiles.fileSystem(spark, staging);
        for (String dataset : datasets()) {
            String target = outputRoot + "/" + dataset;
            String partition = staging + "/" + DATASET_COLUMN + "=" + dataset;
            if (fs.exists(new Path(partition))) {
                ParquetFiles.replaceDirectory(spark, partition, target);
                ParquetFiles.markSuccess(spark, target);
            } else {
                ParquetFiles.overwriteEmpty(spark, separated.schema(), target);
            }
            Dataset<Row> written = spark.read().parquet(target);
            out.println(dataset + ":");
            out.println(ShownTables.table(written, EventFields.PARAMETER));
            summary.addRows(dataset, target, written.count());
        }
        fs.delete(new Path(staging), true);
    }
}
