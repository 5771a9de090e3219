package io.gamepipe.spark;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Writing, counting and moving Parquet datasets on Hadoop's default file system. */
public final class ParquetFiles {

    private ParquetFiles() {
    }

    /** Replaces whatever is at {@code path} with {@code rows} (Parquet, snappy, with {@code _SUCCESS}). */
    public static void overwrite(Dataset<Row> rows, String path, String... partitionColumns) {
        rows.write().mode(SaveMode.Overwrite).option("compression", "snappy").partitionBy(partitionColumns).parquet(path);
    }

    /** A valid dataset with no rows: a Parquet file that carries the schema, so that readers need none. */
    public static void overwriteEmpty(SparkSession spark, StructType schema, String path) {
        overwrite(spark.createDataFrame(List.<Row>of(), schema).coalesce(1), path);
    }

    /** The rows of a Parquet dataset, from the file footers (no data is read). */
    public static long count(SparkSession spark, String path) {
        return spark.read().parquet(path).count();
    }

    public static FileSystem fileSystem(SparkSession spark, String path) throws IOException {
        return new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
    }

    /** Replaces directory {@code target} by {@code source} (a rename; the old target is deleted first). */
    public static void replaceDirectory(SparkSession spark, String source, String target) throws IOException {
        FileSystem fs = fileSystem(spark, target);
        Path targetPath = new Path(target);
        if (fs.exists(targetPath) && !fs.delete(targetPath, true)) {
            throw new IOException("could not delete " + target);
        }
        fs.mkdirs(targetPath.getParent());
        if (!fs.rename(new Path(source), targetPath)) {
            throw new IOException("could not rename " + source + " to " + target);
        }
    }

    /** Creates an empty {@code _SUCCESS} marker, as Spark's own writes leave one. */
    public static void markSuccess(SparkSession spark, String directory) throws IOException {
        FileSystem fs = fileSystem(spark, directory);
        fs.create(new Path(directory, "_SUCCESS"), true).close();
    }
}
