package io.gamepipe.spark.testing;

import io.gamepipe.embedded.EmbeddedHdfs;
import io.gamepipe.embedded.TempDirs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** One local Spark per test class on the class's HDFS, records into Kafka, jobs run in this JVM. */
public final class SparkTesting {

    private SparkTesting() {
    }

    /**
     * A local[2] Spark whose default file system is {@code hdfs}, with that HDFS's client settings,
     * and its scratch space in {@code tempDir}.
     */
    public static SparkSession session(EmbeddedHdfs hdfs, Path tempDir) {
        SparkSession.Builder builder = builder(tempDir)
                .config("spark.hadoop.fs.defaultFS", hdfs.uri())
                .config("spark.sql.streaming.stopTimeout", "30s");
        hdfs.clientSettings().forEach((key, value) -> builder.config("spark.hadoop." + key, value));
        return builder.getOrCreate();
    }

    /** A local[2] Spark on the local file system, for tests that only compute. */
    public static SparkSession session(Path tempDir) {
        return builder(tempDir).getOrCreate();
    }

    private static SparkSession.Builder builder(Path tempDir) {
        return SparkSession.builder()
                .appName("gamepipe-spark-app-test")
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "localhost")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.local.dir", tempDir.resolve("local").toString())
                .config("spark.sql.warehouse.dir", tempDir.resolve("warehouse").toUri().toString())
                .config("spark.sql.session.timeZone", "UTC");
    }

    /** Stops {@code spark} (when started) and deletes {@code tempDir}: a test class's clean-up. */
    public static void stop(SparkSession spark, Path tempDir) {
        if (spark != null) {
            spark.stop();
        }
        TempDirs.deleteQuietly(tempDir);
    }

    public static Path tempDir() {
        return TempDirs.create("gamepipe-spark-test");
    }

    /** A new topic name, so that tests of one class do not see each other's records. */
    public static String newTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Sends the values (UTF-8; null sends a record with no value) and returns each record's partition and offset. */
    public static List<RecordMetadata> send(String bootstrapServers, String topic, List<String> values) {
        List<byte[]> bytes = values.stream().map(v -> v == null ? null : v.getBytes(StandardCharsets.UTF_8)).toList();
        return sendBytes(bootstrapServers, topic, bytes, v -> null);
    }

    /** Sends raw values with keys, spreading them over partitions by key; waits for every acknowledgement. */
    public static List<RecordMetadata> sendBytes(String bootstrapServers, String topic, List<byte[]> values,
            Function<Integer, byte[]> keyOfIndex) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            List<java.util.concurrent.Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, keyOfIndex.apply(i), values.get(i))));
            }
            for (var future : futures) {
                sent.add(future.get());
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
        return sent;
    }

    /** Runs a job's {@code run} in this JVM and keeps what it printed. */
    public record JobRun(int exitCode, String out, String err) {
    }

    public interface Job {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    public static JobRun run(Job job, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = job.run(args, o, e);
        }
        JobRun run = new JobRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println(run.out());
        System.err.println(run.err());
        return run;
    }

    /** A row as a map of its columns, for assertions by column name. */
    public static Map<String, Object> asMap(Row row) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (String field : row.schema().fieldNames()) {
            int i = row.fieldIndex(field);
            map.put(field, row.get(i) instanceof scala.collection.Map ? Map.copyOf(row.getJavaMap(i)) : row.get(i));
        }
        return map;
    }
}
