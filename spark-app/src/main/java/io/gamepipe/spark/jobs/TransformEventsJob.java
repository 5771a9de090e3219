package io.gamepipe.spark.jobs;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.gamepipe.events.EventFields;
import io.gamepipe.spark.BatchEventsJob;
import io.gamepipe.spark.EventColumns;
import io.gamepipe.spark.JobSummary;
import io.gamepipe.spark.ParquetFiles;
import io.gamepipe.spark.ShownTables;
import io.gamepipe.spark.TimestampText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The original's transform_events: munges each event ({@code Host} becomes {@code moe},
 * {@code Cache-Control} {@code no-cache}), adds the Kafka record's {@code timestamp}, overwrites
 * {@code <output-root>/extracted_events} and prints the tables the original printed.
 */
public final class TransformEventsJob extends BatchEventsJob {

    public static final String MUNGED_HOST = "moe";
    public static final String MUNGED_CACHE_CONTROL = "no-cache";

    public static void main(String[] args) {
        runMain(new TransformEventsJob(), args);
    }

    @Override
    protected String name() {
        return "TransformEventsJob";
    }

    @Override
    protected String description() {
        return "Reads every event in the topic, sets Host to '" + MUNGED_HOST + "' and Cache-Control to '"
                + MUNGED_CACHE_CONTROL + "', adds the Kafka record's timestamp, overwrites <output-root>/"
                + ExtractEventsJob.DATASET + " and prints the munged events; malformed records go to the quarantine.";
    }

    /** The extract's columns plus {@code timestamp}, in the original's order. */
    public static List<String> columns() {
        List<String> columns = new ArrayList<>(ExtractEventsJob.columns());
        columns.add(EventFields.TIMESTAMP);
        return EventColumns.sortedLikeOriginal(columns);
    }

    @Override
    protected void writeEvents(SparkSession spark, Dataset<Row> events, Settings settings, JobSummary summary,
            PrintStream out) {
        String path = settings.outputRoot() + "/" + ExtractEventsJob.DATASET;
        ParquetFiles.overwrite(munge(events), path);
        // Shown from what was written: one pass over the topic, and the tables are what readers get.
        Dataset<Row> written = spark.read().parquet(path);
        out.println("munged_events:");
        out.println(written.select(to_json(struct(EventColumns.columns(columns()))).as("munged")).showString(20, 0, false));
        out.println("extracted_events:");
        out.println(ShownTables.table(written));
        summary.addRows(ExtractEventsJob.DATASET, path, written.count());
    }

    /** The original's munge_event, plus the record's timestamp as the original's string. */
    static Dataset<Row> munge(Dataset<Row> events) {
        return events
                .withColumn("Host", lit(MUNGED_HOST))
                .withColumn("Cache-Control", lit(MUNGED_CACHE_CONTROL))
                .withColumn(EventFields.TIMESTAMP, timestamp(events.sparkSession()))
                .select(EventColumns.columns(columns()));
    }

    /**
     * The Kafka record's timestamp as the original printed it: {@code cast('string')} in the session's
     * time zone (UTC unless set otherwise), each distinct second formatted once.
     */
    static Column timestamp(SparkSession spark) {
        return TimestampText.of(EventColumns.column(EventColumns.KAFKA_TIMESTAMP), spark);
    }
}
