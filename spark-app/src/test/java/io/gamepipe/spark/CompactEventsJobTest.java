package io.gamepipe.spark;

import static io.gamepipe.spark.testing.SparkTesting.newTopic;
import static io.gamepipe.spark.testing.SparkTesting.run;
import static io.gamepipe.spark.testing.SparkTesting.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gamepipe.events.JobReports;
import io.gamepipe.spark.jobs.CompactEventsJob;
import io.gamepipe.spark.jobs.LandEventsJob;
import io.gamepipe.spark.testing.EmbeddedClusterTest;
import io.gamepipe.spark.testing.OriginalEvents;
import io.gamepipe.spark.testing.SparkTesting.JobRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compact job on a real broker and HDFS: events landed in many small batches are merged into
 * fewer files with exactly the same rows, seen the same at every step; next to land (right after,
 * and in the middle of a compaction); killed half way in a child JVM and run again; retention.
 */
class CompactEventsJobTest extends EmbeddedClusterTest {

    private static final String[] DATASETS = {"landed_events", "landed_quarantine"};
    /**
     * Records per land batch: each batch writes a file per event type (3 in the pool), so 60-122 events give 5-11
     * batches, plenty to merge; fewer batches than before, since each costs seconds on a busy CI machine.
     */
    private static final String SMALL_BATCH = "12";

    @Test
    void manySmallBatchesBecomeFewerFilesWithTheSameRowsAtEveryStep() throws Exception {
        String topic = newTopic("compact");
        String root = "/compact/" + UUID.randomUUID();
        // The malformed records first: land's last batch then holds valid events, whose files compaction must leave.
        List<String> values = new ArrayList<>(List.of("{\"event_type\": ", "not json at all"));
        values.addAll(events(120));
        send(KAFKA.bootstrapServers(), topic, values);
        assertThat(run(new LandEventsJob()::run, args(topic, root, "--max-offsets-per-trigger", SMALL_BATCH)).exitCode()).isZero();
        List<String> landed = rows(root, "landed_events");
        List<String> quarantined = rows(root, "landed_quarantine");
        long filesBefore = dataFiles(root, "landed_events") + dataFiles(root, "landed_quarantine");
        assertThat(landed).hasSize(120);
        assertThat(quarantined).hasSize(2);
        List<String> lastBatch = filesOfLastBatch(root);

        List<String> stepsSeen = new ArrayList<>();
        JobRun compact = run(new CompactEventsJob(step -> {
            // What any reader sees between the steps: every row, once.
            stepsSeen.add(step);
            assertThat(rows(root, "landed_events")).as("landed rows after " + step).isEqualTo(landed);
            assertThat(rows(root, "landed_quarantine")).as("quarantined rows after " + step).isEqualTo(quarantined);
        })::run, args(topic, root));

        assertThat(compact.exitCode()).isZero();
        assertThat(stepsSeen).contains("planned", "staged", "journaled", "group 1 held", "group 1 published", "group 2 held",
                "group 2 published");
        assertThat(rows(root, "landed_events")).isEqualTo(landed);
        assertThat(rows(root, "landed_quarantine")).isEqualTo(quarantined);
        long filesAfter = dataFiles(root, "landed_events") + dataFiles(root, "landed_quarantine");
        assertThat(filesAfter).isLessThan(filesBefore / 3);
        assertThat(spark.read().parquet(root + "/landed_events").columns())
                .containsExactlyInAnyOrderElementsOf(LandEventsJob.columns());
        // The last batch may still be replayed by land: its files are left as they are.
        assertThat(lastBatch).isNotEmpty().allSatisfy(file -> assertThat(exists(file)).as(file).isTrue());
        assertThat(compact.out()).contains("retention          none (every partition kept)");
        assertThat(hiddenLeftovers(root)).isEmpty();

        JsonNode report = report(root);
        assertThat(report.get(JobReports.FILES_BEFORE).asLong()).isEqualTo(filesBefore);
        assertThat(report.get(JobReports.FILES_AFTER).asLong()).isEqualTo(filesAfter);
        assertThat(report.has(JobReports.RETENTION_DAYS)).isFalse();
        assertThat(report.get(JobReports.PARTITIONS_DELETED).asInt()).isZero();
        assertThat(report.get(JobReports.FINISHED_AT).asText()).endsWith("Z");

        // A land right after: the new events once, the old ones once; then a replay of land's last batch.
        List<String> more = events(30);
        send(KAFKA.bootstrapServers(), topic, more);
        assertThat(run(new LandEventsJob()::run, args(topic, root, "--max-offsets-per-trigger", SMALL_BATCH)).exitCode()).isZero();
        assertThat(run(new CompactEventsJob()::run, args(topic, root)).exitCode()).isZero();
        forgetLastCommit(root);
        JobRun replay = run(new LandEventsJob()::run, args(topic, root, "--max-offsets-per-trigger", SMALL_BATCH));
        assertThat(replay.exitCode()).isZero();
        List<Row> coordinates = spark.read().parquet(root + "/landed_events").select("kafka_partition", "kafka_offset")
                .collectAsList();
        assertThat(coordinates).hasSize(150).doesNotHaveDuplicates();
    }

    @Test
    void aLandInTheMiddleOfACompactionLandsOnceAndIsLeftAlone() throws Exception {
        String topic = newTopic("during");
        String root = "/compact/" + UUID.randomUUID();
        send(KAFKA.bootstrapServers(), topic, events(60));
        assertThat(run(new LandEventsJob()::run, args(topic, root, "--max-offsets-per-trigger", SMALL_BATCH)).exitCode()).isZero();
        send(KAFKA.bootstrapServers(), topic, events(20));

        List<Integer> landDuring = new ArrayList<>();
        JobRun compact = run(new CompactEventsJob(step -> {
            if (step.equals("staged")) {
                // Between the merge and the switch: land takes the lock and publishes new files.
                landDuring.add(run(new LandEventsJob()::run, args(topic, root, "--max-offsets-per-trigger", SMALL_BATCH)).exitCode());
            }
        })::run, args(topic, root));

        assertThat(compact.exitCode()).isZero();
        assertThat(landDuring).containsExactly(0);
        List<Row> coordinates = spark.read().parquet(root + "/landed_events").select("kafka_partition", "kafka_offset")
                .collectAsList();
        assertThat(coordinates).hasSize(80).doesNotHaveDuplicates();
        assertThat(filesOfLastBatch(root)).allSatisfy(file -> assertThat(exists(file)).as(file).isTrue());
    }

    /** Killed after merging, before the switch (no lock held); and in the middle of the switch, holding the lock. */
    @ParameterizedTest
    @ValueSource(strings = {"staged", "group 1 published"})
    void aRunKilledHalfWayLeavesEveryRowReadableAndTheNextRunFinishes(String killedAfter) throws Exception {
        String topic = newTopic("killed");
        String root = "/compact/" + UUID.randomUUID();
        send(KAFKA.bootstrapServers(), topic, events(72));
        assertThat(run(new LandEventsJob()::run, args(topic, root, "--max-offsets-per-trigger", SMALL_BATCH)).exitCode()).isZero();
        List<String> landed = rows(root, "landed_events");
        long filesBefore = dataFiles(root, "landed_events");

        Process child = startCompactJvm(root, killedAfter);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        System.out.println("[compact child] " + output);
        assertThat(output).contains("halting after '" + killedAfter + "'");
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(rows(root, "landed_events")).as("readable after the kill").isEqualTo(landed);

        // Killed holding the lock: this run waits until the NameNode has recovered the dead run's lease
        // (LEASE_SOFT_LIMIT after the kill).
        JobRun rerun = run(new CompactEventsJob()::run, args(topic, root));

        assertThat(rerun.exitCode()).isZero();
        assertThat(rows(root, "landed_events")).isEqualTo(landed);
        assertThat(dataFiles(root, "landed_events")).isLessThan(filesBefore / 2);
        assertThat(hiddenLeftovers(root)).isEmpty();
        if (killedAfter.startsWith("group")) {
            assertThat(rerun.out()).contains("finishing the switch of a compaction that was stopped half way");
        }
    }

    @Test
    void retentionDeletesPartitionsOlderThanItsDaysAndNeverToday() throws Exception {
        String topic = newTopic("retention");
        String root = "/compact/" + UUID.randomUUID();
        send(KAFKA.bootstrapServers(), topic, events(40));
        assertThat(run(new LandEventsJob()::run, args(topic, root)).exitCode()).isZero();
        send(KAFKA.bootstrapServers(), topic, events(4));
        // A second run, so that the first run's batch has no manifest any more (nothing to replay).
        assertThat(run(new LandEventsJob()::run, args(topic, root)).exitCode()).isZero();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long todayRows = spark.read().parquet(root + "/landed_events").count();
        long expiredBytes;
        try (FileSystem fs = HDFS.hdfs().newClient()) {
            Path joins = new Path(root + "/landed_events/event_type=join_guild");
            Path todays = new Path(joins, "event_date=" + today);
            assertThat(fs.exists(todays)).isTrue();
            for (int daysAgo : new int[] {1, 2, 3, 30}) {
                FileUtil.copy(fs, todays, fs, new Path(joins, "event_date=" + today.minusDays(daysAgo)), false, fs.getConf());
            }
            expiredBytes = 2 * fs.getContentSummary(todays).getLength();
        }

        JobRun compact = run(new CompactEventsJob()::run, args(topic, root, "--retention-days", "2"));

        assertThat(compact.exitCode()).isZero();
        assertThat(compact.out()).contains("retention          2 days: 2 partitions deleted, ");
        try (FileSystem fs = HDFS.hdfs().newClient()) {
            assertThat(fs.listStatus(new Path(root + "/landed_events/event_type=join_guild")))
                    .extracting(s -> s.getPath().getName())
                    .containsExactlyInAnyOrder("event_date=" + today, "event_date=" + today.minusDays(1),
                            "event_date=" + today.minusDays(2));
        }
        JsonNode report = report(root);
        assertThat(report.get(JobReports.RETENTION_DAYS).asInt()).isEqualTo(2);
        assertThat(report.get(JobReports.PARTITIONS_DELETED).asInt()).isEqualTo(2);
        assertThat(report.get(JobReports.BYTES_FREED).asLong()).isEqualTo(expiredBytes);
        long joinsToday = spark.read().parquet(root + "/landed_events")
                .filter("event_type = 'join_guild' AND event_date = current_date()").count();
        assertThat(spark.read().parquet(root + "/landed_events").filter("event_date = current_date()").count())
                .isEqualTo(todayRows);
        assertThat(joinsToday).isPositive();

        // The shortest retention still keeps today's partitions.
        assertThat(run(new CompactEventsJob()::run, args(topic, root, "--retention-days", "1")).exitCode()).isZero();
        assertThat(spark.read().parquet(root + "/landed_events").filter("event_date = current_date()").count())
                .isEqualTo(todayRows);
    }

    /** A live holder keeps the lock past the lease soft limit (its client renews), and frees it on close. */
    @Test
    void aHeldLockMakesAWriterWaitAndNamesItsHolder() throws Exception {
        Path dataset = new Path("/compact/" + UUID.randomUUID());
        Duration pastTheSoftLimit = LEASE_SOFT_LIMIT.plusSeconds(5);
        try (FileSystem holderClient = HDFS.hdfs().newClient(); FileSystem waiterClient = HDFS.hdfs().newClient()) {
            holderClient.mkdirs(dataset);
            try (DatasetLock held = DatasetLock.acquire(holderClient, dataset, "land batch 7", Duration.ofSeconds(5), System.out)) {
                assertThatThrownBy(() -> DatasetLock.acquire(waiterClient, dataset, "compact", pastTheSoftLimit, System.out))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("could not lock")
                        .hasMessageContaining("held by land batch 7");
            }
            try (DatasetLock taken = DatasetLock.acquire(waiterClient, dataset, "compact", Duration.ofSeconds(5), System.out)) {
                assertThat(taken).isNotNull();
            }
        }
    }

    @Test
    void aSecondCompactionWaitsForTheFirstAndGivesUpAfterItsLockTimeout() throws Exception {
        String root = "/compact/" + UUID.randomUUID();
        try (FileSystem otherRun = HDFS.hdfs().newClient()) {
            Path landed = new Path(root + "/landed_events");
            otherRun.mkdirs(landed);
            try (DatasetLock held = DatasetLock.acquireForCompaction(otherRun, landed, "compact 20261202T000000",
                    Duration.ofSeconds(5), System.out)) {
                JobRun second = run(new CompactEventsJob()::run, "--output-root", root, "--lock-timeout", "1");

                assertThat(second.exitCode()).isEqualTo(SparkJob.FAILED);
                assertThat(second.err()).contains("CompactEventsJob FAILED: IOException: could not lock ")
                        .contains("within 1 s: held by compact 20261202T000000 (pid ");
                assertThat(second.out()).contains("waiting for the lock of ");
            }
        }
    }

    private static List<String> events(int count) {
        List<String> pool = OriginalEvents.SECOND_GENERATION_REQUESTS;
        return IntStream.range(0, count).mapToObj(i -> pool.get(i % pool.size())).toList();
    }

    /** Every row of a dataset as text, columns in name order, sorted: equal lists are equal multisets. */
    private static List<String> rows(String root, String dataset) {
        var frame = spark.read().parquet(root + "/" + dataset);
        Column[] columns = Arrays.stream(frame.columns()).sorted().map(functions::col).toArray(Column[]::new);
        return frame.select(columns).collectAsList().stream().map(Row::toString).sorted().toList();
    }

    private static long dataFiles(String root, String dataset) throws IOException {
        try (FileSystem fs = HDFS.hdfs().newClient()) {
            long count = 0;
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(new Path(root + "/" + dataset), true);
            while (files.hasNext()) {
                String path = files.next().getPath().toUri().getPath().substring(root.length());
                if (!path.contains("/_") && !path.contains("/.")) {
                    count++;
                }
            }
            return count;
        }
    }

    /** What compaction leaves only while it runs: its work folder and the folders of inputs being switched. */
    private static List<String> hiddenLeftovers(String root) throws IOException {
        List<String> leftovers = new ArrayList<>();
        try (FileSystem fs = HDFS.hdfs().newClient()) {
            for (String dataset : DATASETS) {
                if (fs.exists(new Path(root + "/" + dataset + "/" + FileCompactor.WORK))) {
                    leftovers.add(dataset + "/" + FileCompactor.WORK);
                }
                RemoteIterator<LocatedFileStatus> files = fs.listFiles(new Path(root + "/" + dataset), true);
                while (files.hasNext()) {
                    Path file = files.next().getPath();
                    if (file.getParent().getName().startsWith(FileCompactor.HOLDING_PREFIX)) {
                        leftovers.add(file.toString());
                    }
                }
            }
        }
        return leftovers;
    }

    private static List<String> filesOfLastBatch(String root) throws IOException {
        try (FileSystem fs = HDFS.hdfs().newClient()) {
            return List.copyOf(BatchPublisher.replayableFiles(fs, new Path(root + "/landed_events")));
        }
    }

    private static boolean exists(String path) {
        try (FileSystem fs = HDFS.hdfs().newClient()) {
            return fs.exists(new Path(path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode report(String root) throws IOException {
        try (FileSystem fs = HDFS.hdfs().newClient();
             BufferedReader reader = new BufferedReader(new InputStreamReader(
                     fs.open(new Path(root + "/" + JobReports.FOLDER + "/compact.json")), StandardCharsets.UTF_8))) {
            return new ObjectMapper().readTree(reader);
        }
    }

    /** As if land had been killed after writing its last batch, before committing it. */
    private static void forgetLastCommit(String root) throws IOException {
        try (FileSystem fs = HDFS.hdfs().newClient()) {
            Path commits = new Path(root + "/_checkpoints/land/commits");
            Path last = Arrays.stream(fs.listStatus(commits)).map(FileStatus::getPath)
                    .filter(p -> !p.getName().startsWith("."))
                    .max((a, b) -> Long.compare(Long.parseLong(a.getName()), Long.parseLong(b.getName()))).orElseThrow();
            assertThat(fs.delete(last, false)).isTrue();
        }
    }

    /** The compact job's real main class in its own JVM, told to stop dead right after {@code step}. */
    private static Process startCompactJvm(String root, String step) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("gamepipe.java17.opens", "").trim().split("\\s+")));
        command.addAll(List.of("-Xmx512m", "-Dspark.master=local[1]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=localhost", "-Dspark.hadoop.fs.defaultFS=" + HDFS.uri()));
        // The same lease renewals as this JVM's clients: the child holds the locks while it lives.
        HDFS.hdfs().clientSettings().forEach((key, value) -> command.add("-Dspark.hadoop." + key + "=" + value));
        command.addAll(List.of(
                "-Dspark.local.dir=" + Files.createTempDirectory(tempDir, "child"),
                "-D" + CompactEventsJob.HALT_AFTER_PROPERTY + "=" + step,
                "-cp", testClassPath(), CompactEventsJob.class.getName(), "--output-root", root));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
