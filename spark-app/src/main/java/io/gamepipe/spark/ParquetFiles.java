package io.gamepipe.spark;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Writing, counting and moving Parquet datasets on Hadoop's default file system. */
public final class ParquetFiles {

    private ParquetFiles() {
    }

    /** Replaces whatever is at {@code path} with {@code rows} (Parquet, snappy, with {@code _SUCCESS}). */
    public static void overwrite(Dataset<Row> rows, String path, String... partitionColumns) {
        rows.write().mode(SaveMode.Overwrite).option("compression", "snappy").partitionBy(partitionColumns).parquet(path);
    }

    /**
     * A valid dataset with no rows: a Parquet file that carries the schema, so that readers need
     * none, and {@code _SUCCESS}. Written here on the driver, not by a Spark job (a job of its own
     * costs a small run a noticeable part of its time), the way Spark writes one: every column
     * nullable, the Spark schema in the footer as Spark's reader looks for it.
     */
    public static void overwriteEmpty(SparkSession spark, StructType schema, String path) throws IOException {
        FileSystem fs = fileSystem(spark, path);
        Path directory = new Path(path);
        if (fs.exists(directory) && !fs.delete(directory, true)) {
            throw new IOException("could not delete " + path);
        }
        fs.mkdirs(directory);
        StructType nullable = new StructType(Arrays.stream(schema.fields())
                .map(field -> new StructField(field.name(), field.dataType(), true, field.metadata()))
                .toArray(StructField[]::new));
        MessageType parquetSchema = new SparkToParquetSchemaConverter(spark.sessionState().conf()).convert(nullable);
        Path file = new Path(directory, "part-00000-" + UUID.randomUUID() + "-c000.snappy.parquet");
        ParquetFileWriter writer = new ParquetFileWriter(HadoopOutputFile.fromPath(file, fs.getConf()), parquetSchema,
                ParquetFileWriter.Mode.CREATE, ParquetWriter.DEFAULT_BLOCK_SIZE, ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
                ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH, ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH,
                ParquetProperties.DEFAULT_PAGE_WRITE_CHECKSUM_ENABLED);
        writer.start();
        writer.end(Map.of("org.apache.spark.version", spark.version(),
                "org.apache.spark.sql.parquet.row.metadata", nullable.json()));
        markSuccess(spark, path);
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
