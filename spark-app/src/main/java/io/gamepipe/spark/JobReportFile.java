package io.gamepipe.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gamepipe.events.JobReports;
import io.gamepipe.events.PipelineJob;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Writes a job's report, {@code {output-root}/_reports/{job}.json} (fields: {@link JobReports}),
 * so that a reader sees the previous report or the new one, never part of one: the JSON goes to a
 * hidden temporary file first, which then replaces the report in one rename.
 */
public final class JobReportFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobReportFile() {
    }

    /** Writes {@code fields} as the report of {@code job}; returns its path. */
    public static Path write(FileSystem fs, String outputRoot, PipelineJob job, Map<String, Object> fields) throws IOException {
        Path report = fs.makeQualified(new Path(JobReports.path(outputRoot, job)));
        Path temporary = new Path(report.getParent(), "." + report.getName() + "." + UUID.randomUUID() + ".tmp");
        fs.mkdirs(report.getParent());
        try (FSDataOutputStream stream = fs.create(temporary, false)) {
            stream.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(fields));
        }
        FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(temporary, report, Options.Rename.OVERWRITE);
        return report;
    }
}
