package io.gamepipe.spark.jobs;

import io.gamepipe.spark.BatchEventsJob;
import io.gamepipe.spark.EventColumns;
import io.gamepipe.spark.JobSummary;
import io.gamepipe.spark.ParquetFiles;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The original's extract_events: every event in the topic, one column per field, to {@code <output-root>/extracted_events}. */
public final class ExtractEventsJob extends BatchEventsJob {

    public static final String DATASET = "extracted_events";

    public static void main(String[] args) {
        runMain(new ExtractEventsJob(), args);
    }

    @Override
    protected String name() {
        return "ExtractEventsJob";
    }

    @Override
    protected String description() {
        return "Reads every event in the topic (earliest to latest) and writes them as Parquet to "
                + "<output-root>/" + DATASET + " (overwritten), one column per known field plus "
                + EventColumns.EXTRA_FIELDS + " for any other; malformed records go to the quarantine.";
    }

    /** The known fields and the extra ones, in the original's column order. */
    public static List<String> columns() {
        List<String> columns = new ArrayList<>(EventColumns.knownFields());
        columns.add(EventColumns.EXTRA_FIELDS);
        return EventColumns.sortedLikeOriginal(columns);
    }

    @Override
    protected void writeEvents(SparkSession spark, Dataset<Row> events, Settings settings, JobSummary summary,
            PrintStream out) {
        String path = settings.outputRoot() + "/" + DATASET;
        ParquetFiles.overwrite(events.select(EventColumns.columns(columns())), path);
        summary.addRows(DATASET, path, validEventsCounted());
    }
}
