package io.gamepipe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** What the jobs wrote to HDFS: whether a dataset is complete ({@code _SUCCESS}) and how many rows its Parquet files hold. */
final class Datasets implements AutoCloseable {

    private final Configuration conf = new Configuration();
    private final FileSystem fs;

    Datasets(String hdfsUri) {
        conf.set("fs.defaultFS", hdfsUri);
        try {
            fs = FileSystem.newInstance(URI.create(hdfsUri), conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isComplete(String dir) {
        try {
            return fs.exists(new Path(dir, "_SUCCESS"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of every Parquet file under {@code dir} (partition directories included), counted from the files' footers. */
    long rows(String dir) {
        long rows = 0;
        try {
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(new Path(dir), true);
            while (files.hasNext()) {
                LocatedFileStatus file = files.next();
                if (file.getPath().getName().endsWith(".parquet")) {
                    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf))) {
                        rows += reader.getRecordCount();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
