package io.gamepipe.spark.bench;

import io.gamepipe.embedded.EmbeddedHdfs;
import io.gamepipe.embedded.EmbeddedKafka;
import io.gamepipe.embedded.TempDirs;
import io.gamepipe.spark.jobs.ExtractEventsJob;
import io.gamepipe.spark.jobs.LandEventsJob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The spark-app benchmark (bench/spark/run.sh): a real broker and HDFS in this JVM, then each timed
 * on its own: a plain KafkaConsumer read of N events of the original's mix (about 250 bytes), and
 * the extract and land jobs as child JVMs, each run on three topics: empty, N events and 2N events.
 *
 * <p>A job's wall time is fixed cost plus work per event, but the fixed cost is more than the
 * empty-topic run shows: a fresh JVM runs the data path interpreted until the JIT has compiled it,
 * and on 2 cores the compiler threads take CPU from the tasks for seconds. So the steady rate is
 * the marginal one, N / (time on 2N - time on N): both runs pay the same start-up and warm-up, the
 * difference is the cost of N more events. Start-up plus warm-up is then time on N - N / steady.
 * Each figure is the median of {@code bench.runs} runs; peak RSS is the child's VmHWM.
 */
public final class SparkBench {

    private static final String TOPIC = "events";
    private static final String DOUBLE_TOPIC = "events-double";
    private static final String EMPTY_TOPIC = "events-empty";

    private final long events;
    private final String jobClasspath;
    private final List<String> jvmFlags;
    private final String master;
    private final int runs;

    private SparkBench(long events, String jobClasspath, List<String> jvmFlags, String master, int runs) {
        this.events = events;
        this.runs = runs;
        this.jobClasspath = jobClasspath;
        this.jvmFlags = jvmFlags;
        this.master = master;
    }

    /** Args: EVENTS JOB_CLASSPATH MASTER JVM_FLAGS... */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: SparkBench EVENTS JOB_CLASSPATH MASTER [JVM_FLAGS...]");
            System.exit(2);
        }
        long events = Long.parseLong(args[0]);
        int runs = Integer.getInteger("bench.runs", 3);
        if (events < 1 || runs < 1) {
            System.err.println("EVENTS and bench.runs must be at least 1");
            System.exit(2);
        }
        SparkBench bench = new SparkBench(events, args[1], Arrays.asList(args).subList(3, args.length), args[2], runs);
        bench.run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = TempDirs.create("gamepipe-spark-bench");
        EmbeddedKafka.throwInsteadOfExiting();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(work.resolve("kafka")).build().start();
             EmbeddedHdfs hdfs = EmbeddedHdfs.builder().dataDir(work.resolve("hdfs")).build().start()) {
            kafka.createTopic(TOPIC, 1);
            kafka.createTopic(DOUBLE_TOPIC, 1);
            kafka.createTopic(EMPTY_TOPIC, 1);
            long bytes = fill(kafka.bootstrapServers(), TOPIC, events);
            fill(kafka.bootstrapServers(), DOUBLE_TOPIC, 2 * events);
            System.out.printf(Locale.ROOT, "filled %,d + %,d events, %.0f bytes each on average%n", events, 2 * events,
                    (double) bytes / events);

            double rawSeconds = rawRead(kafka.bootstrapServers());
            List<String> report = new ArrayList<>();
            report.add(String.format(Locale.ROOT, "%-18s %,9.0f events/s  (%,d events in %.1f s)", "raw KafkaConsumer",
                    events / rawSeconds, events, rawSeconds));
            for (String job : jobs()) {
                String name = job.substring(job.lastIndexOf('.') + 1);
                List<Run> empty = new ArrayList<>();
                List<Run> single = new ArrayList<>();
                List<Run> twice = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    System.out.printf(Locale.ROOT, "== %s, run %d of %d ==%n", name, run, runs);
                    empty.add(runJob(job, kafka.bootstrapServers(), hdfs.uri(), EMPTY_TOPIC));
                    single.add(runJob(job, kafka.bootstrapServers(), hdfs.uri(), TOPIC));
                    twice.add(runJob(job, kafka.bootstrapServers(), hdfs.uri(), DOUBLE_TOPIC));
                }
                report.addAll(jobReport(name, empty, single, twice));
            }
            System.out.println();
            System.out.println("== spark-app benchmark: " + master + ", " + Runtime.getRuntime().availableProcessors()
                    + " cores, job JVM flags " + jvmFlags.stream().filter(f -> f.startsWith("-X")).toList()
                    + ", median of " + runs + " run(s) ==");
            report.forEach(System.out::println);
        } finally {
            TempDirs.deleteQuietly(work);
        }
    }

    /** The figures of one job from its runs on the empty, N and 2N topics. */
    private List<String> jobReport(String name, List<Run> empty, List<Run> single, List<Run> twice) {
        double start = median(empty);
        double onN = median(single);
        double onTwice = median(twice);
        long peakRss = single.stream().mapToLong(Run::peakRssKib).max().orElse(0) / 1024;
        List<String> lines = new ArrayList<>();
        // Below a tenth of a second the difference is run-to-run noise, not the cost of N events.
        if (onTwice - onN < 0.1) {
            lines.add(String.format(Locale.ROOT, "%-18s steady rate not measurable: %,d events took %.1f s, %,d took %.1f s (use more events)",
                    name, events, onN, 2 * events, onTwice));
        } else {
            double steady = events / (onTwice - onN);
            // The time on N less what its N events cost at the steady rate.
            double fixed = onN - (onTwice - onN);
            lines.add(String.format(Locale.ROOT, "%-18s %,9.0f events/s steady  (%,d more events took %.1f s more: %.1f s on %,d, %.1f s on %,d)",
                    name, steady, events, onTwice - onN, onN, events, onTwice, 2 * events));
            lines.add(String.format(Locale.ROOT, "%-18s fixed cost %.1f s: start-up %.1f s (JVM, Spark, first query: the empty topic) + JIT warm-up %.1f s",
                    "", fixed, start, fixed - start));
        }
        lines.add(String.format(Locale.ROOT, "%-18s %,9.0f events/s end to end on %,d events (%.1f s, peak RSS %d MiB)",
                "", events / onN, events, onN, peakRss));
        lines.add(String.format(Locale.ROOT, "%-18s runs on empty / %,d / %,d events: %s / %s / %s s",
                "", events, 2 * events, seconds(empty), seconds(single), seconds(twice)));
        return lines;
    }

    private static double median(List<Run> runs) {
        double[] seconds = runs.stream().mapToDouble(Run::seconds).sorted().toArray();
        int middle = seconds.length / 2;
        return seconds.length % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2;
    }

    private static String seconds(List<Run> runs) {
        return runs.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.seconds())).collect(Collectors.joining(" "));
    }

    /** The jobs to time: system property {@code bench.jobs} (run.sh's BENCH_JOBS), {@code extract,land} by default. */
    private static List<String> jobs() {
        Map<String, String> byName = Map.of("extract", ExtractEventsJob.class.getName(), "land", LandEventsJob.class.getName());
        List<String> jobs = new ArrayList<>();
        for (String name : System.getProperty("bench.jobs", "extract,land").split(",")) {
            String job = byName.get(name.trim());
            if (job == null) {
                throw new IllegalArgumentException("bench.jobs: unknown job '" + name + "' (extract, land)");
            }
            jobs.add(job);
        }
        return jobs;
    }

    /** The original's second-generation mix (python-requests headers) with the new API's event_id. */
    static long fill(String bootstrapServers, String topic, long count) {
        List<String> mix = List.of(
                "{\"event_type\": \"default\", %s}",
                "{\"event_type\": \"purchase_item\", \"item\": \"sword\", %s}",
                "{\"event_type\": \"purchase_item\", \"item\": \"knife\", %s}",
                "{\"event_type\": \"purchase_item\", \"item\": \"invalid\", %s}",
                "{\"event_type\": \"join_guild\", \"guild_id\": 1, %s}",
                "{\"event_type\": \"join_guild\", \"guild_id\": \"invalid\", %s}");
        String headers = "\"Accept-Encoding\": \"gzip, deflate\", \"Host\": \"localhost:5000\", \"Accept\": \"*/*\", "
                + "\"User-Agent\": \"python-requests/2.18.4\", \"Connection\": \"keep-alive\", \"event_id\": \"%s\"";
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        long bytes = 0;
        Instant start = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (long i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                byte[] value = String.format(mix.get((int) (i % mix.size())), String.format(headers, id))
                        .getBytes(StandardCharsets.UTF_8);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), value));
                if (i > 0 && i % 250_000 == 0) {
                    System.out.printf(Locale.ROOT, "filling %s: %,d events sent%n", topic, i);
                }
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "filled %s in %.1f s%n", topic, Duration.between(start, Instant.now()).toMillis() / 1000.0);
        return bytes;
    }

    /** Seconds for a plain consumer to read every record of the topic. */
    private double rawRead(String bootstrapServers) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(RawTopicRead.config(bootstrapServers))) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long read = 0;
            long valueBytes = 0;
            long start = System.nanoTime();
            while (read < events) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(1));
                for (var record : records) {
                    valueBytes += record.value().length;
                    read++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "raw read: %,d records, %,d bytes in %.2f s%n", read, valueBytes, seconds);
            return seconds;
        }
    }

    private record Run(double seconds, long peakRssKib) {
    }

    /** Runs a job's main class in a child JVM, as ./gamepipe does, and times it from launch to exit. */
    private Run runJob(String mainClass, String bootstrapServers, String hdfsUri, String topic) throws Exception {
        String root = "/bench/" + UUID.randomUUID();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-Dspark.master=" + master, "-Dspark.ui.enabled=false", "-Dspark.driver.host=localhost",
                "-Dspark.hadoop.fs.defaultFS=" + hdfsUri, "-Dspark.local.dir=" + Files.createTempDirectory("bench-spark"),
                "-cp", jobClasspath, mainClass,
                "--bootstrap-servers", bootstrapServers, "--topic", topic, "--output-root", root));
        System.out.println("running " + mainClass.substring(mainClass.lastIndexOf('.') + 1) + " on topic " + topic);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> sampleRss(process, peak), "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        echo(process);
        int code = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(mainClass + " exited with " + code);
        }
        return new Run(seconds, peak.get());
    }

    /** Prints the child's output but its INFO lines and stack frames; returns every line. */
    static List<String> echo(Process process) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (!line.contains(" INFO ") && !line.startsWith("\tat ")) {
                    System.out.println("  | " + line);
                }
            }
        }
        return lines;
    }

    /** VmHWM (peak resident set) of the child, read until it exits. */
    static void sampleRss(Process process, AtomicLong peakKib) {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        while (process.isAlive()) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        peakKib.accumulateAndGet(Long.parseLong(line.replaceAll("[^0-9]", "")), Math::max);
                    }
                }
                Thread.sleep(200);
            } catch (IOException e) {
                return; // the process is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
