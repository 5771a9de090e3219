package io.gamepipe.spark;

import io.gamepipe.events.JobReports;
import io.gamepipe.events.PipelineJob;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;

/**
 * Land's report, {@code {output-root}/_reports/land.json} ({@link JobReports}): what the run committed, as land's
 * checkpoint holds it after the last batch ({@link LandCheckpoint#committedOffsets()}), so that the report says
 * exactly what the next run starts from. Written like every job's report ({@link JobReportFile}): a reader sees the old or the new one.
 */
public final class LandReport {

    private LandReport() {
    }

    /** Writes the report of a successful run under {@code outputRoot} (no trailing slash), replacing the previous one. */
    public static void write(FileSystem fs, String outputRoot, String topic, Map<Integer, Long> committedOffsets,
            long eventsLanded, Instant finishedAt) throws IOException {
        Map<String, Long> offsets = new TreeMap<>();
        new TreeMap<>(committedOffsets).forEach((partition, offset) -> offsets.put(Integer.toString(partition), offset));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(JobReports.FINISHED_AT, finishedAt.truncatedTo(ChronoUnit.MILLIS).toString());
        fields.put(JobReports.TOPIC, topic);
        fields.put(JobReports.COMMITTED_OFFSETS, offsets);
        fields.put(JobReports.EVENTS_LANDED, eventsLanded);
        JobReportFile.write(fs, outputRoot, PipelineJob.LAND, fields);
    }
}
