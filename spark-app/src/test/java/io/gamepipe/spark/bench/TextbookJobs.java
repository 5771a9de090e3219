package io.gamepipe.spark.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.to_date;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The jobs a user would write instead of ours, the way the Spark documentation teaches them
 * (Structured Streaming + Kafka integration guides), plus {@code minPartitions} = the cores so a
 * 1-partition topic uses them all. For bench/spark/compare.sh only.
 *
 * <p>{@code TextbookJobs land BOOTSTRAP TOPIC OUTPUT CHECKPOINT} and
 * {@code TextbookJobs extract BOOTSTRAP TOPIC OUTPUT}.
 */
public final class TextbookJobs {

    private TextbookJobs() {
    }

    /** The event's fields, as a user would write them from the API's documentation. */
    static StructType schema() {
        return new StructType()
                .add("event_type", DataTypes.StringType)
                .add("event_id", DataTypes.StringType)
                .add("received_at", DataTypes.StringType)
                .add("item", DataTypes.StringType)
                .add("guild_id", DataTypes.StringType)
                .add("Accept", DataTypes.StringType)
                .add("Accept-Encoding", DataTypes.StringType)
                .add("Cache-Control", DataTypes.StringType)
                .add("Connection", DataTypes.StringType)
                .add("Host", DataTypes.StringType)
                .add("User-Agent", DataTypes.StringType);
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().appName("textbook-" + args[0]).getOrCreate();
        String cores = Integer.toString(spark.sparkContext().defaultParallelism());
        if (args[0].equals("land")) {
            Dataset<Row> kafka = spark.readStream().format("kafka")
                    .option("kafka.bootstrap.servers", args[1])
                    .option("subscribe", args[2])
                    .option("startingOffsets", "earliest")
                    .option("minPartitions", cores)
                    .load();
            kafka.select(from_json(col("value").cast("string"), schema()).alias("event"), col("timestamp"))
                    .select(col("event.*"), col("timestamp"))
                    .withColumn("event_date", to_date(col("timestamp")))
                    .writeStream()
                    .format("parquet")
                    .option("path", args[3])
                    .option("checkpointLocation", args[4])
                    .partitionBy("event_type", "event_date")
                    .trigger(Trigger.AvailableNow())
                    .start()
                    .awaitTermination();
        } else if (args[0].equals("extract")) {
            spark.read().format("kafka")
                    .option("kafka.bootstrap.servers", args[1])
                    .option("subscribe", args[2])
                    .option("startingOffsets", "earliest")
                    .option("endingOffsets", "latest")
                    .option("minPartitions", cores)
                    .load()
                    .select(from_json(col("value").cast("string"), schema()).alias("event"))
                    .select("event.*")
                    .write()
                    .mode("overwrite")
                    .parquet(args[3]);
        } else {
            throw new IllegalArgumentException("land or extract, not " + args[0]);
        }
        spark.stop();
    }
}
