package io.gamepipe.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Where the events are read from: brokers, topic, and how many Spark tasks to split it into. */
public record KafkaTopic(String bootstrapServers, String topic, long minPartitions) {

    public static KafkaTopic from(JobOptions options) throws UsageException {
        return new KafkaTopic(options.get(JobOptions.BOOTSTRAP_SERVERS), options.get(JobOptions.TOPIC),
                options.getLong(JobOptions.MIN_PARTITIONS, 0));
    }

    /** Every record now in the topic, earliest to latest, as the original's jobs read it. */
    public Dataset<Row> readAll(SparkSession spark) {
        return spark.read().format("kafka")
                .options(EventRecords.sourceOptions(bootstrapServers, topic, minPartitions(spark)))
                .option("endingOffsets", "latest")
                .load();
    }

    /** The topic as a stream, from the earliest offset on the first run, then from the checkpoint. */
    public Dataset<Row> stream(SparkSession spark, long maxOffsetsPerTrigger) {
        return spark.readStream().format("kafka")
                .options(EventRecords.sourceOptions(bootstrapServers, topic, minPartitions(spark)))
                .option("maxOffsetsPerTrigger", maxOffsetsPerTrigger)
                .load();
    }

    /** One Kafka partition is one Spark task unless split: use every core by default. */
    private long minPartitions(SparkSession spark) {
        return minPartitions > 0 ? minPartitions : spark.sparkContext().defaultParallelism();
    }
}
