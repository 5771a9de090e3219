package io.gamepipe.spark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where the events are read from: brokers, topic, how many Spark tasks to split it into, and how
 * long to wait for the brokers before giving up.
 */
public record KafkaTopic(String bootstrapServers, String topic, long minPartitions, Duration timeout) {

    private static final String KAFKA_LOGGERS = "org.apache.kafka";

    public static KafkaTopic from(JobOptions options) throws UsageException {
        return new KafkaTopic(options.get(JobOptions.BOOTSTRAP_SERVERS), options.get(JobOptions.TOPIC),
                options.getLong(JobOptions.MIN_PARTITIONS, 0),
                Duration.ofSeconds(options.getLong(JobOptions.KAFKA_TIMEOUT, 1)));
    }

    /**
     * Fails within {@link #timeout} unless a broker answers. Spark's Kafka source would otherwise
     * retry an unreachable broker for minutes before failing with a long stack trace.
     */
    public void checkReachable() throws KafkaUnreachableException {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.CLIENT_ID_CONFIG, "gamepipe-spark-reachability");
        // The client logs every failed connection attempt; the one line below says it all.
        Configurator.setLevel(KAFKA_LOGGERS, Level.OFF);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted");
        } catch (TimeoutException e) {
            throw unreachable("no answer");
        } catch (ExecutionException e) {
            throw unreachable(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                    ? "no answer" : String.valueOf(e.getCause().getMessage()));
        } catch (KafkaException e) {
            // e.g. a host name that does not resolve
            throw unreachable(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        } finally {
            // Back to the level inherited from the root (Spark's --log-level).
            Configurator.setLevel(KAFKA_LOGGERS, (Level) null);
        }
    }

    private KafkaUnreachableException unreachable(String why) {
        return new KafkaUnreachableException(String.format(
                "cannot reach Kafka at %s within %d s (%s): check --bootstrap-servers, that the brokers are up "
                        + "and that this host can reach their advertised listeners (--kafka-timeout to wait longer)",
                bootstrapServers, timeout.toSeconds(), why));
    }

    /** Every record now in the topic, earliest to latest, as the original's jobs read it. */
    public Dataset<Row> readAll(SparkSession spark) {
        return spark.read().format("kafka")
                .options(sourceOptions(minPartitions(spark)))
                .option("endingOffsets", "latest")
                .load();
    }

    /** The topic as a stream, from the earliest offset on the first run, then from the checkpoint. */
    public Dataset<Row> stream(SparkSession spark, long maxOffsetsPerTrigger) {
        return spark.readStream().format("kafka")
                .options(sourceOptions(minPartitions(spark)))
                .option("maxOffsetsPerTrigger", maxOffsetsPerTrigger)
                .load();
    }

    /** The Kafka source options shared by the batch and the streaming read. */
    Map<String, String> sourceOptions(long partitions) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("kafka.bootstrap.servers", bootstrapServers);
        options.put("subscribe", topic);
        options.put("startingOffsets", "earliest");
        // Bigger fetches than the client's 1 MiB: fewer round trips per task on a busy topic.
        options.put("kafka.max.partition.fetch.bytes", Integer.toString(8 * 1024 * 1024));
        options.put("kafka.fetch.max.bytes", Integer.toString(64 * 1024 * 1024));
        if (partitions > 0) {
            options.put("minPartitions", Long.toString(partitions));
        }
        return options;
    }

    /** One Kafka partition is one Spark task unless split: use every core by default. */
    private long minPartitions(SparkSession spark) {
        return minPartitions > 0 ? minPartitions : spark.sparkContext().defaultParallelism();
    }
}
