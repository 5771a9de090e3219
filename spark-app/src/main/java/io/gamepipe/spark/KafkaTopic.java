package io.gamepipe.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
        int timeoutMs = timeoutMillis();
        // The client logs every failed connection attempt; the one line below says it all.
        Configurator.setLevel(KAFKA_LOGGERS, Level.OFF);
        try (Admin admin = admin("gamepipe-spark-reachability")) {
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

    private int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    private Admin admin(String clientId) {
        int timeoutMs = timeoutMillis();
        return Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId));
    }

    /** The first and the next offset of each partition of the topic now; none for a topic that does not exist. */
    public TopicOffsets offsets() throws InterruptedException, ExecutionException {
        try (Admin admin = admin("gamepipe-spark-offsets")) {
            List<TopicPartition> partitions;
            try {
                partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return new TopicOffsets(Map.of(), Map.of());
                }
                throw e;
            }
            return new TopicOffsets(list(admin, partitions, OffsetSpec.earliest()), list(admin, partitions, OffsetSpec.latest()));
        }
    }

    private static Map<Integer, Long> list(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<Integer, Long> offsets = new TreeMap<>();
        admin.listOffsets(request).all().get().forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
        return offsets;
    }

    /** The first offset still in each partition and the next one to be written, by partition number. */
    public record TopicOffsets(Map<Integer, Long> earliest, Map<Integer, Long> latest) {
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

    /**
     * The records of the partitions in {@code end} from the offsets in {@code start} (inclusive; a
     * partition missing there from its earliest) to those in {@code end} (exclusive): one micro-batch
     * of land, read as a batch between offsets it planned itself.
     */
    public Dataset<Row> readRange(SparkSession spark, Map<Integer, Long> start, Map<Integer, Long> end) {
        Map<String, String> options = sourceOptions(minPartitions(spark));
        options.remove("subscribe");
        options.put("assign", json(Map.of(topic, List.copyOf(end.keySet()))));
        Map<Integer, Long> from = new TreeMap<>();
        // -2 is the Kafka source's "earliest" in an offsets object.
        end.keySet().forEach(partition -> from.put(partition, start.getOrDefault(partition, -2L)));
        options.put("startingOffsets", offsetsJson(from));
        options.put("endingOffsets", offsetsJson(end));
        return spark.read().format("kafka").options(options).load();
    }

    /** Offsets by partition in the Kafka source's JSON form, as its checkpoints hold them: {"topic":{"0":42}}. */
    public String offsetsJson(Map<Integer, Long> offsets) {
        Map<String, Long> byName = new TreeMap<>();
        offsets.forEach((partition, offset) -> byName.put(Integer.toString(partition), offset));
        return json(Map.of(topic, byName));
    }

    /** The reverse of {@link #offsetsJson}: this topic's offsets in such an object (none when it does not name the topic). */
    public Map<Integer, Long> parseOffsets(String json) {
        Map<Integer, Long> offsets = new TreeMap<>();
        try {
            JSON.readTree(json).path(topic).fields()
                    .forEachRemaining(entry -> offsets.put(Integer.parseInt(entry.getKey()), entry.getValue().asLong()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an offsets object: " + json, e);
        }
        return offsets;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records per poll of the Kafka source's consumers (the client's default is 500). */
    static final int MAX_POLL_RECORDS = 2_000;

    /** The Kafka source options shared by every read of the topic. */
    Map<String, String> sourceOptions(long partitions) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("kafka.bootstrap.servers", bootstrapServers);
        options.put("subscribe", topic);
        options.put("startingOffsets", "earliest");
        // Bigger fetches than the client's 1 MiB: fewer round trips per task on a busy topic.
        options.put("kafka.max.partition.fetch.bytes", Integer.toString(8 * 1024 * 1024));
        options.put("kafka.fetch.max.bytes", Integer.toString(64 * 1024 * 1024));
        // Spark's Kafka reader asks the broker for the partition's earliest and latest offsets (two
        // round trips) after every poll, and a poll returns at most max.poll.records (500 by
        // default): 4,000 offset requests per million records. 2,000 per poll makes it 1,000, while
        // the records a task holds at once stay a few MiB.
        options.put("kafka.max.poll.records", Integer.toString(MAX_POLL_RECORDS));
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
