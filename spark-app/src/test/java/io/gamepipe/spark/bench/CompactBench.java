package io.gamepipe.spark.bench;

import io.gamepipe.embedded.EmbeddedHdfs;
import io.gamepipe.embedded.EmbeddedKafka;
import io.gamepipe.embedded.TempDirs;
import io.gamepipe.spark.ParquetFiles;
import io.gamepipe.spark.jobs.CompactEventsJob;
import io.gamepipe.spark.jobs.LandEventsJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.MapType;

/**
 * The compaction benchmark (bench/spark/compact.sh): a real broker and HDFS in this JVM; N events
 * (default 1,000,000, the original's mix) landed by the land job, then rewritten by one Spark write
 * into about F small files (default 1,000) in land's layout, as hundreds of land batches would have
 * left them (hundreds of land runs would take far longer to set up, for the same files); then a full
 * scan (every column of every row) timed before, the compact job run as a child JVM and timed, and
 * the same scan after. The scans run in
 * this JVM's Spark, warmed up by one untimed scan first; each figure is the median of R scans.
 * The scan's result (a sum of hashes of every row) must be the same before and after.
 */
public final class CompactBench {

    private static final String TOPIC = "events";
    private static final String ROOT = "/bench-compact";
    /** Partitions the mix lands into: event_type default, purchase_item and join_guild, on one date. */
    private static final int PARTITIONS = 3;

    private CompactBench() {
    }

    /** Arguments: events, files, scans, the job classpath, the Spark master, then the job JVM's flags. */
    public static void main(String[] args) throws Exception {
        long events = Long.parseLong(args[0]);
        long files = Long.parseLong(args[1]);
        int scans = Integer.parseInt(args[2]);
        String jobClasspath = args[3];
        String master = args[4];
        List<String> jvmFlags = Arrays.stream(args).skip(5).filter(flag -> !flag.isBlank()).toList();
        // Each write task adds one file per partition.
        int tasks = (int) Math.max(1, files / PARTITIONS);

        Path work = TempDirs.create("gamepipe-compact-bench");
        EmbeddedKafka.throwInsteadOfExiting();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(work.resolve("kafka")).build().start();
             EmbeddedHdfs hdfs = EmbeddedHdfs.builder().dataDir(work.resolve("hdfs")).build().start()) {
            kafka.createTopic(TOPIC, 1);
            SparkBench.fill(kafka.bootstrapServers(), TOPIC, events);
            double landSeconds = runJob(jvmFlags, jobClasspath, master, hdfs.uri(), LandEventsJob.class.getName(),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--topic", TOPIC, "--output-root", ROOT);
            System.out.printf(Locale.ROOT, "landed %,d events in %.1f s%n", events, landSeconds);

            SparkSession spark = SparkSession.builder().appName("compact-bench").master(master)
                    .config("spark.ui.enabled", "false").config("spark.driver.host", "localhost")
                    .config("spark.hadoop.fs.defaultFS", hdfs.uri())
                    .config("spark.local.dir", Files.createTempDirectory(work, "spark").toString())
                    .config("spark.sql.session.timeZone", "UTC").getOrCreate();
            // The small files a scheduled land leaves, made in one write rather than hundreds of land runs:
            // the landed rows spread over `tasks` tasks, each writing one file into each partition.
            String small = ROOT + "/small";
            String landed = small + "/landed_events";
            ParquetFiles.overwrite(spark.read().parquet(ROOT + "/landed_events").repartition(tasks), landed,
                    "event_type", LandEventsJob.EVENT_DATE);
            long filesBefore = dataFiles(hdfs.uri(), landed);
            long bytesBefore = dataBytes(hdfs.uri(), landed);
            scan(spark, landed); // warm-up: class loading and JIT, not the files
            List<Double> before = new ArrayList<>();
            Row checksum = timedScans(spark, landed, scans, before);

            double compactSeconds = runJob(jvmFlags, jobClasspath, master, hdfs.uri(), CompactEventsJob.class.getName(),
                    "--output-root", small);
            long filesAfter = dataFiles(hdfs.uri(), landed);
            long bytesAfter = dataBytes(hdfs.uri(), landed);

            List<Double> after = new ArrayList<>();
            Row checksumAfter = timedScans(spark, landed, scans, after);
            if (!checksum.equals(checksumAfter)) {
                throw new IllegalStateException("the rows changed: " + checksum + " before, " + checksumAfter + " after");
            }
            spark.stop();

            System.out.println();
            System.out.printf(Locale.ROOT, "== compaction benchmark: %,d events, %s, %d cores, job JVM flags %s, median of %d scans ==%n",
                    events, master, Runtime.getRuntime().availableProcessors(),
                    jvmFlags.stream().filter(f -> f.startsWith("-X")).toList(), scans);
            System.out.printf(Locale.ROOT, "files          %,d before (%,.1f MiB), %,d after (%,.1f MiB)%n",
                    filesBefore, bytesBefore / 1048576.0, filesAfter, bytesAfter / 1048576.0);
            System.out.printf(Locale.ROOT, "compact job    %.1f s (child JVM, launch to exit)%n", compactSeconds);
            System.out.printf(Locale.ROOT, "full scan      %.2f s before, %.2f s after (%s rows, same checksum)%n",
                    median(before), median(after), checksum.get(0));
        } finally {
            TempDirs.deleteQuietly(work);
        }
    }

    /**
     * Reads every column of every row: the row count and a sum of hashes of the rows (a map is hashed
     * as its entries: Spark refuses to hash a map).
     */
    private static Row scan(SparkSession spark, String path) {
        var rows = spark.read().parquet(path);
        String columns = Arrays.stream(rows.schema().fields())
                .map(field -> field.dataType() instanceof MapType ? "map_entries(`" + field.name() + "`)" : "`" + field.name() + "`")
                .collect(Collectors.joining(", "));
        return rows.selectExpr("count(*)", "sum(xxhash64(" + columns + ") % 1000000007)").first();
    }

    /** Scans {@code times} times, adding each scan's seconds to {@code seconds}; returns the last result. */
    private static Row timedScans(SparkSession spark, String path, int times, List<Double> seconds) {
        Row result = null;
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            result = scan(spark, path);
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        return result;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long dataFiles(String hdfsUri, String path) throws IOException {
        return dataStatuses(hdfsUri, path).size();
    }

    private static long dataBytes(String hdfsUri, String path) throws IOException {
        return dataStatuses(hdfsUri, path).stream().mapToLong(LocatedFileStatus::getLen).sum();
    }

    /** The dataset's data files: hidden files and folders (manifests, lock, work) left out. */
    private static List<LocatedFileStatus> dataStatuses(String hdfsUri, String path) throws IOException {
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", hdfsUri);
        List<LocatedFileStatus> statuses = new ArrayList<>();
        try (FileSystem fs = FileSystem.newInstance(conf)) {
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path(path), true);
            while (files.hasNext()) {
                LocatedFileStatus file = files.next();
                String relative = file.getPath().toUri().getPath().substring(path.length());
                if (!relative.contains("/_") && !relative.contains("/.")) {
                    statuses.add(file);
                }
            }
        }
        return statuses;
    }

    /** Runs a job's main class in a child JVM, as ./gamepipe does; returns seconds from launch to exit. */
    private static double runJob(List<String> jvmFlags, String classpath, String master, String hdfsUri, String mainClass,
            String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-Dspark.master=" + master, "-Dspark.ui.enabled=false", "-Dspark.driver.host=localhost",
                "-Dspark.hadoop.fs.defaultFS=" + hdfsUri, "-Dspark.local.dir=" + Files.createTempDirectory("bench-spark"),
                "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        System.out.println("running " + mainClass.substring(mainClass.lastIndexOf('.') + 1));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        SparkBench.echo(process);
        int code = process.waitFor();
        if (code != 0) {
            throw new IllegalStateException(mainClass + " exited with " + code);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
