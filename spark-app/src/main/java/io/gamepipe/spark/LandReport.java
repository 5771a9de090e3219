package io.gamepipe.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gamepipe.events.JobReports;
import io.gamepipe.events.PipelineJob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Land's report, {@code {output-root}/_reports/land.json} ({@link JobReports}): what the run committed, read back
 * from the streaming checkpoint once the query has stopped, so that the report says exactly what the next run
 * starts from. Written like every job's report ({@link JobReportFile}): a reader sees the old or the new one.
 */
public final class LandReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LandReport() {
    }

    /**
     * The next offset not yet landed, per partition, as the last committed batch of {@code checkpoint} left it; empty
     * when no batch was ever committed (the next run starts from the earliest offset).
     */
    public static Map<Integer, Long> committedOffsets(FileSystem fs, String checkpoint, String topic) throws IOException {
        Optional<Long> lastCommitted = lastBatch(fs, new Path(checkpoint, "commits"));
        Map<Integer, Long> offsets = new TreeMap<>();
        if (lastCommitted.isEmpty()) {
            return offsets;
        }
        // offsets/N: a version line, the batch's metadata, then one line per source: {"topic":{"0":42,...}}.
        Path batchOffsets = new Path(new Path(checkpoint, "offsets"), Long.toString(lastCommitted.get()));
        String[] lines;
        try (InputStream in = fs.open(batchOffsets)) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        }
        JsonNode partitions = JSON.readTree(lines[lines.length - 1]).path(topic);
        partitions.fields().forEachRemaining(entry -> offsets.put(Integer.parseInt(entry.getKey()), entry.getValue().asLong()));
        return offsets;
    }

    private static Optional<Long> lastBatch(FileSystem fs, Path log) throws IOException {
        if (!fs.exists(log)) {
            return Optional.empty();
        }
        FileStatus[] files = fs.listStatus(log);
        return Arrays.stream(files).map(f -> f.getPath().getName())
                .filter(name -> name.chars().allMatch(Character::isDigit))
                .map(Long::parseLong)
                .max(Long::compare);
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
