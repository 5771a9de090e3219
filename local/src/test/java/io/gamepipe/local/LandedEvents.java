package io.gamepipe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/** Reads back what land published in HDFS: how often each event_id is there, as any Parquet reader sees it. */
final class LandedEvents {

    private LandedEvents() {
    }

    /**
     * Every event_id in the Parquet files under {@code dir} with its number of rows. Like Spark and
     * any Parquet reader, skips directories and files whose name starts with {@code _} or {@code .}
     * (land's staging area and manifests).
     */
    static Map<String, Integer> eventIdCounts(String hdfsUri, String dir) {
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", hdfsUri);
        conf.set(ReadSupport.PARQUET_READ_SCHEMA, "message landed { optional binary event_id (STRING); }");
        Map<String, Integer> counts = new HashMap<>();
        try (FileSystem fs = FileSystem.newInstance(URI.create(hdfsUri), conf)) {
            Path root = fs.makeQualified(new Path(dir));
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                Path file = files.next().getPath();
                if (!file.getName().endsWith(".parquet") || hidden(root, file)) {
                    continue;
                }
                try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
                    for (Group row = reader.read(); row != null; row = reader.read()) {
                        counts.merge(row.getString("event_id", 0), 1, Integer::sum);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    private static boolean hidden(Path root, Path file) {
        for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
            if (p.getName().startsWith("_") || p.getName().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
