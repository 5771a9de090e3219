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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The spark-app benchmark (bench/spark/run.sh): a real broker and HDFS in this JVM, N events of
 * the original's mix (about 250 bytes) in topic {@code events}, then, each timed on its own:
 * a plain KafkaConsumer read of the topic, and the extract and land jobs as child JVMs, each run
 * once on an empty topic (the fixed cost: JVM and Spark start, first query) and once on the N
 * events. The steady rate is N / (time on N events - fixed cost). Peak RSS is the child's VmHWM.
 */
public final class SparkBench {

    private static final String TOPIC = "events";
    private static final String EMPTY_TOPIC = "events-empty";

    private final long events;
    private final String jobClasspath;
    private final List<String> jvmFlags;
    private final String master;

    private SparkBench(long events, String jobClasspath, List<String> jvmFlags, String master) {
        this.events = events;
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
        SparkBench bench = new SparkBench(Long.parseLong(args[0]), args[1], Arrays.asList(args).subList(3, args.length), args[2]);
        bench.run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = TempDirs.create("gamepipe-spark-bench");
        EmbeddedKafka.throwInsteadOfExiting();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(work.resolve("kafka")).build().start();
             EmbeddedHdfs hdfs = EmbeddedHdfs.builder().dataDir(work.resolve("hdfs")).build().start()) {
            kafka.createTopic(TOPIC, 1);
            kafka.createTopic(EMPTY_TOPIC, 1);
            long bytes = fill(kafka.bootstrapServers());
            System.out.printf(Locale.ROOT, "filled %,d events, %.0f bytes each on average%n", events, (double) bytes / events);

            double rawSeconds = rawRead(kafka.bootstrapServers());
            List<String> report = new ArrayList<>();
            report.add(String.format(Locale.ROOT, "%-26s %,12.0f events/s  (%.1f s)", "raw KafkaConsumer read", events / rawSeconds, rawSeconds));
            for (String job : jobs()) {
                String name = job.substring(job.lastIndexOf('.') + 1);
                Run empty = runJob(job, kafka.bootstrapServers(), hdfs.uri(), EMPTY_TOPIC, "/bench/" + UUID.randomUUID());
                Run full = runJob(job, kafka.bootstrapServers(), hdfs.uri(), TOPIC, "/bench/" + UUID.randomUUID());
                double steady = full.seconds() - empty.seconds();
                report.add(String.format(Locale.ROOT,
                        "%-26s %,12.0f events/s steady  (%.1f s on %,d events, fixed cost %.1f s, %,.0f events/s end to end, peak RSS %d MiB)",
                        name, events / steady, full.seconds(), events, empty.seconds(), events / full.seconds(),
                        full.peakRssKib() / 1024));
            }
            System.out.println();
            System.out.println("== spark-app benchmark: " + master + ", " + Runtime.getRuntime().availableProcessors()
                    + " cores, job JVM flags " + jvmFlags.stream().filter(f -> f.startsWith("-X")).toList() + " ==");
            report.forEach(System.out::println);
        } finally {
            TempDirs.deleteQuietly(work);
        }
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
    private long fill(String bootstrapServers) {
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
            for (long i = 0; i < events; i++) {
                String id = UUID.randomUUID().toString();
                byte[] value = String.format(mix.get((int) (i % mix.size())), String.format(headers, id))
                        .getBytes(StandardCharsets.UTF_8);
                bytes += value.length;
                producer.send(new ProducerRecord<>(TOPIC, id.getBytes(StandardCharsets.UTF_8), value));
                if (i > 0 && i % 250_000 == 0) {
                    System.out.printf(Locale.ROOT, "filling: %,d events sent%n", i);
                }
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "filled in %.1f s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0);
        return bytes;
    }

    /** Seconds for a plain consumer to read every record of the topic. */
    private double rawRead(String bootstrapServers) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
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
    private Run runJob(String mainClass, String bootstrapServers, String hdfsUri, String topic, String root) throws Exception {
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
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.contains(" INFO ") && !line.startsWith("\tat ")) {
                    System.out.println("  | " + line);
                }
            }
        }
        int code = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(mainClass + " exited with " + code);
        }
        return new Run(seconds, peak.get());
    }

    /** VmHWM (peak resident set) of the child, read until it exits. */
    private static void sampleRss(Process process, AtomicLong peakKib) {
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
