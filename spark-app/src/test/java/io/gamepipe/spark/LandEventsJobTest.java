package io.gamepipe.spark;

import static io.gamepipe.spark.testing.SparkTesting.newTopic;
import static io.gamepipe.spark.testing.SparkTesting.run;
import static io.gamepipe.spark.testing.SparkTesting.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gamepipe.events.JobReports;
import io.gamepipe.events.PipelineJob;
import io.gamepipe.spark.jobs.LandEventsJob;
import io.gamepipe.spark.testing.OriginalEvents;
import io.gamepipe.spark.testing.EmbeddedClusterTest;
import io.gamepipe.spark.testing.SparkTesting;
import io.gamepipe.spark.testing.SparkTesting.JobRun;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.v2.DataSourceRDD;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;

/** The incremental land job: exactly once across runs, replays and a killed run, on a real broker and HDFS. */
class LandEventsJobTest extends EmbeddedClusterTest {

    /** The partitions of the topic the first test spreads its events over. */
    private static final int SPREAD_PARTITIONS = 3;

    private static Dataset<Row> landed(String root) {
        return spark.read().parquet(root + "/landed_events");
    }

    /** Kafka coordinates of every landed row: the same offset twice would be a duplicate. */
    private static List<String> coordinates(String root) {
        return landed(root).select("kafka_partition", "kafka_offset").collectAsList().stream()
                .map(r -> r.get(0) + ":" + r.get(1)).toList();
    }

    private static List<String> coordinates(List<RecordMetadata> sent) {
        return sent.stream().map(m -> m.partition() + ":" + m.offset()).toList();
    }

    @Test
    void eachRunLandsOnlyNewEventsAcrossPartitionsAndQuarantinesMalformedOnes() throws Exception {
        String topic = newTopic("land");
        KAFKA.kafka().createTopic(topic, SPREAD_PARTITIONS);
        String root = "/land/" + UUID.randomUUID();
        List<RecordMetadata> first = sendSpread(topic, OriginalEvents.SECOND_GENERATION_REQUESTS);

        JobRun firstRun = run(new LandEventsJob()::run, args(topic, root, "--max-offsets-per-trigger", "5"));

        assertThat(firstRun.exitCode()).isZero();
        assertThat(first).extracting(RecordMetadata::partition).contains(0, 1, 2);
        assertThat(coordinates(root)).containsExactlyInAnyOrderElementsOf(coordinates(first));
        assertThat(firstRun.out()).contains("events read        8").contains("landed_events      8 rows");
        // The summary's timeline (what compare.sh breaks a run down by) has each batch's steps in order.
        assertThat(firstRun.out()).containsSubsequence("timeline", "checkpoint read +", "batch 0 offsets logged +",
                "batch 0 read planned +", "batch 0 events published +", "batch 0 +", "batch 0 committed +",
                "batch 1 offsets logged +", "batch 1 committed +", "work done +");
        JsonNode firstReport = report(root);
        assertThat(firstReport.path(JobReports.TOPIC).asText()).isEqualTo(topic);
        assertThat(firstReport.path(JobReports.EVENTS_LANDED).asLong()).isEqualTo(8);
        assertThat(committedOffsets(firstReport)).isEqualTo(nextOffsets(first));
        assertThat(Instant.parse(firstReport.path(JobReports.FINISHED_AT).asText())).isBefore(Instant.now());

        List<String> more = new ArrayList<>(OriginalEvents.FIRST_GENERATION_CURL);
        more.add("{\"event_type\": ");
        more.add("{\"no_type\": true}");
        List<RecordMetadata> second = sendSpread(topic, more);
        JobRun secondRun = run(new LandEventsJob()::run, args(topic, root));

        assertThat(secondRun.exitCode()).isZero();
        List<String> expected = new ArrayList<>(coordinates(first));
        expected.addAll(coordinates(second.subList(0, 2)));
        assertThat(coordinates(root)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(secondRun.out()).contains("events read        4").contains("quarantined        2");
        List<Row> quarantined = spark.read().parquet(root + "/landed_quarantine").orderBy("raw_value").collectAsList();
        assertThat(quarantined).extracting(r -> r.getAs("raw_value"), r -> r.getAs("reason"),
                        r -> r.<Integer>getAs("kafka_partition") + ":" + r.<Long>getAs("kafka_offset"))
                .containsExactly(
                        tuple("{\"event_type\": ", "not valid JSON", coordinates(second).get(2)),
                        tuple("{\"no_type\": true}", "no event_type", coordinates(second).get(3)));

        JobRun nothingNew = run(new LandEventsJob()::run, args(topic, root));
        assertThat(nothingNew.exitCode()).isZero();
        assertThat(nothingNew.out()).contains("events read        0");
        assertThat(coordinates(root)).hasSize(10);
        List<RecordMetadata> everything = new ArrayList<>(first);
        everything.addAll(second);
        JsonNode lastReport = report(root);
        assertThat(committedOffsets(lastReport)).as("quarantined records are committed too").isEqualTo(nextOffsets(everything));
        assertThat(lastReport.path(JobReports.EVENTS_LANDED).asLong()).isZero();
        try (FileSystem fs = HDFS.hdfs().newClient()) {
            assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(root + "/" + JobReports.FOLDER)))
                    .as("no temporary file left behind").extracting(st -> st.getPath().getName()).containsExactly("land.json");
        }

        // Partitioned by type and date, with the separate job's columns and the Kafka coordinates.
        try (FileSystem fs = HDFS.hdfs().newClient()) {
            assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(root + "/landed_events")))
                    .extracting(s -> s.getPath().getName())
                    .contains("event_type=default", "event_type=purchase_item", "event_type=join_guild", "event_type=purchase_sword");
        }
        assertThat(landed(root).columns()).containsExactlyInAnyOrderElementsOf(LandEventsJob.columns());
        List<Row> guildJoins = landed(root).filter("event_type = 'join_guild'").orderBy("kafka_partition", "kafka_offset")
                .collectAsList();
        assertThat(guildJoins).extracting(r -> r.<String>getAs("parameter")).containsExactlyInAnyOrder("missing", "1", "invalid");
        assertThat(guildJoins).allSatisfy(r -> assertThat(r.get(r.fieldIndex("event_date")).toString())
                .isEqualTo(r.<String>getAs("timestamp").substring(0, 10)));
    }

    @Test
    void everyLandedRowHoldsTheFieldsOfItsOwnRecord() throws Exception {
        // One partition, records of varying lengths read one after the other: the source hands each
        // one over in the same reused row, and the one-pass classification keeps views of that row,
        // so a row showing another record's bytes would show here.
        String topic = newTopic("land-fields");
        KAFKA.kafka().createTopic(topic, 1);
        String root = "/land/" + UUID.randomUUID();
        List<String> values = IntStream.range(0, 400).mapToObj(i -> "{\"event_type\": \"purchase_item\", \"item\": \""
                + "x".repeat(i % 37 + 1) + "\", \"event_id\": \"id-" + i + "\", \"Host\": \"h" + "o".repeat(i * 7 % 23)
                + ":5000\", \"User-Agent\": \"agent/" + i + "\"}").toList();
        List<RecordMetadata> sent = send(KAFKA.bootstrapServers(), topic, values);

        JobRun landRun = run(new LandEventsJob()::run, args(topic, root));

        assertThat(landRun.exitCode()).isZero();
        Map<Long, Row> byOffset = new TreeMap<>();
        landed(root).collectAsList().forEach(r -> byOffset.put(r.<Long>getAs("kafka_offset"), r));
        assertThat(byOffset).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            Row row = byOffset.get(sent.get(i).offset());
            assertThat(row).as("offset %d", sent.get(i).offset())
                    .extracting(r -> r.getAs("event_id"), r -> r.getAs("parameter"), r -> r.getAs("Host"),
                            r -> r.getAs("User-Agent"))
                    .containsExactly("id-" + i, "x".repeat(i % 37 + 1),
                            "h" + "o".repeat(i * 7 % 23) + ":5000", "agent/" + i);
        }
    }

    @Test
    void theOnePassReadsTheKafkaSourcesOwnRowsWithoutACopyingProjection() throws Exception {
        String topic = newTopic("land-source-rows");
        KAFKA.kafka().createTopic(topic, 2);
        send(KAFKA.bootstrapServers(), topic, IntStream.range(0, 50)
                .mapToObj(i -> "{\"event_type\": \"default\", \"event_id\": \"" + i + "\"}").toList());
        Dataset<Row> kafkaRows = spark.read().format("kafka").option("kafka.bootstrap.servers", KAFKA.bootstrapServers())
                .option("subscribe", topic).load();

        RDD<InternalRow> sourceRows = DirectClassifier.sourceRows(kafkaRows);

        // Straight from the scan's reader: no whole-stage code generation stage in between.
        assertThat(sourceRows.dependencies().head().rdd()).isInstanceOf(DataSourceRDD.class);
        assertThat(sourceRows.toJavaRDD().map(InternalRow::copy).collect())
                .hasSize(50)
                .containsExactlyInAnyOrderElementsOf(kafkaRows.queryExecution().toRdd().toJavaRDD().map(InternalRow::copy).collect());
    }

    @Test
    void aReplayedBatchLeavesExactlyOneCopy() throws Exception {
        String topic = newTopic("replay");
        String root = "/land/" + UUID.randomUUID();
        List<RecordMetadata> sent = send(KAFKA.bootstrapServers(), topic, events(30));
        assertThat(run(new LandEventsJob()::run, args(topic, root, "--max-offsets-per-trigger", "10")).exitCode()).isZero();
        assertThat(coordinates(root)).hasSize(30);

        // As if the run had been killed after writing its last batch but before committing it.
        try (FileSystem fs = HDFS.hdfs().newClient()) {
            org.apache.hadoop.fs.Path commits = new org.apache.hadoop.fs.Path(root + "/_checkpoints/land/commits");
            org.apache.hadoop.fs.Path last = Arrays.stream(fs.listStatus(commits)).map(s -> s.getPath())
                    .filter(p -> !p.getName().startsWith(".")).max((a, b) -> Long.compare(
                            Long.parseLong(a.getName()), Long.parseLong(b.getName()))).orElseThrow();
            assertThat(fs.delete(last, false)).isTrue();
        }
        JobRun rerun = run(new LandEventsJob()::run, args(topic, root, "--max-offsets-per-trigger", "10"));

        assertThat(rerun.exitCode()).isZero();
        assertThat(rerun.out()).contains("events read        10");
        assertThat(coordinates(root)).containsExactlyInAnyOrderElementsOf(coordinates(sent));
    }

    @Test
    void aRunKilledHalfWayThenRerunLandsEveryEventOnce() throws Exception {
        String topic = newTopic("killed");
        String root = "/land/" + UUID.randomUUID();
        List<RecordMetadata> sent = send(KAFKA.bootstrapServers(), topic, events(400));

        Process child = startLandJvm(topic, root, "--max-offsets-per-trigger", "10");
        try {
            awaitLine(child, "batch 3:");
        } finally {
            child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
        long landedAtKill = coordinates(root).size();
        assertThat(landedAtKill).as("killed half way").isBetween(1L, 399L);

        JobRun rerun = run(new LandEventsJob()::run, args(topic, root));

        assertThat(rerun.exitCode()).isZero();
        assertThat(coordinates(root)).containsExactlyInAnyOrderElementsOf(coordinates(sent));
    }

    @Test
    void anEmptyTopicLandsNothingAndTheNextRunLandsWhatArrived() throws Exception {
        String topic = newTopic("empty");
        KAFKA.kafka().createTopic(topic, 2);
        String root = "/land/" + UUID.randomUUID();

        JobRun empty = run(new LandEventsJob()::run, args(topic, root));

        assertThat(empty.exitCode()).isZero();
        assertThat(empty.out()).contains("events read        0");
        // No batch was committed: no offsets, or the earliest ones; either way the next run starts at the beginning.
        assertThat(committedOffsets(report(root)).values()).as("nothing landed: at most the earliest offsets")
                .allMatch(offset -> offset == 0L);
        assertThat(spark.read().schema("event_type string, kafka_offset long").parquet(root + "/landed_events").count()).isZero();
        assertThat(spark.read().schema("reason string").parquet(root + "/landed_quarantine").count()).isZero();

        List<RecordMetadata> sent = send(KAFKA.bootstrapServers(), topic, OriginalEvents.FIRST_GENERATION_CURL);
        assertThat(run(new LandEventsJob()::run, args(topic, root)).exitCode()).isZero();
        assertThat(coordinates(root)).containsExactlyInAnyOrderElementsOf(coordinates(sent));
    }

    @Test
    void aCheckpointLeftByTheStreamingVersionOfLandIsCarriedOn() throws Exception {
        String topic = newTopic("streamed");
        String root = "/land/" + UUID.randomUUID();
        send(KAFKA.bootstrapServers(), topic, events(12));
        // What land was before: a Kafka stream with Trigger.AvailableNow, its checkpoint at land's default path.
        StreamingQuery streaming = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", KAFKA.bootstrapServers())
                .option("subscribe", topic)
                .option("startingOffsets", "earliest")
                .load()
                .writeStream()
                .option("checkpointLocation", root + "/_checkpoints/land")
                .trigger(Trigger.AvailableNow())
                .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (rows, batchId) -> { })
                .start();
        streaming.awaitTermination();
        assertThat(streaming.exception().isEmpty()).isTrue();
        List<RecordMetadata> after = send(KAFKA.bootstrapServers(), topic, events(5));

        JobRun run = run(new LandEventsJob()::run, args(topic, root));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("events read        5");
        assertThat(coordinates(root)).containsExactlyInAnyOrderElementsOf(coordinates(after));
    }

    /** Land's report, as the operator reads it. */
    private static JsonNode report(String root) throws IOException {
        try (FileSystem fs = HDFS.hdfs().newClient();
                InputStream in = fs.open(new org.apache.hadoop.fs.Path(JobReports.path(root, PipelineJob.LAND)))) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static Map<Integer, Long> committedOffsets(JsonNode report) {
        Map<Integer, Long> offsets = new TreeMap<>();
        report.path(JobReports.COMMITTED_OFFSETS).fields()
                .forEachRemaining(e -> offsets.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
        return offsets;
    }

    /** Per partition, the offset after the last record sent. */
    private static Map<Integer, Long> nextOffsets(List<RecordMetadata> sent) {
        Map<Integer, Long> next = new TreeMap<>();
        sent.forEach(m -> next.merge(m.partition(), m.offset() + 1, Math::max));
        return next;
    }

    private List<RecordMetadata> sendSpread(String topic, List<String> values) {
        List<byte[]> bytes = values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList();
        return SparkTesting.sendBytes(KAFKA.bootstrapServers(), topic, bytes, i -> keyForPartition(i % SPREAD_PARTITIONS));
    }

    /**
     * A key the producer's default partitioner (murmur2 of the key) sends to {@code partition} of a
     * {@value #SPREAD_PARTITIONS}-partition topic: random keys left a partition empty now and then.
     */
    private static byte[] keyForPartition(int partition) {
        while (true) {
            byte[] key = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % SPREAD_PARTITIONS == partition) {
                return key;
            }
        }
    }

    private static List<String> events(int count) {
        List<String> pool = OriginalEvents.SECOND_GENERATION_REQUESTS;
        return IntStream.range(0, count).mapToObj(i -> pool.get(i % pool.size())).toList();
    }

    /** The land job's real main class in its own JVM, as ./gamepipe runs it. */
    private static Process startLandJvm(String topic, String root, String... more) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("gamepipe.java17.opens", "").trim().split("\\s+")));
        command.addAll(List.of("-Xmx512m", "-Dspark.master=local[1]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=localhost", "-Dspark.hadoop.fs.defaultFS=" + HDFS.uri(),
                "-Dspark.local.dir=" + Files.createTempDirectory(tempDir, "child"),
                "-cp", testClassPath(), LandEventsJob.class.getName()));
        command.addAll(Arrays.asList(args(topic, root, more)));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** Reads the child's output until a line contains {@code marker}; fails if it ends first. */
    private static void awaitLine(Process child, String marker) throws Exception {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            List<String> seen = new ArrayList<>();
            while ((line = reader.readLine()) != null) {
                System.out.println("[land child] " + line);
                seen.add(line);
                if (line.contains(marker)) {
                    return;
                }
            }
            throw new AssertionError("the land job ended before '" + marker + "':" + File.separator + String.join("\n", seen));
        }
    }
}
