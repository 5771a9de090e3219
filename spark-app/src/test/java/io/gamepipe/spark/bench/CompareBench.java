package io.gamepipe.spark.bench;

import io.gamepipe.embedded.EmbeddedHdfs;
import io.gamepipe.embedded.EmbeddedKafka;
import io.gamepipe.embedded.TempDirs;
import io.gamepipe.events.JobCompilerFlags;
import io.gamepipe.spark.jobs.ExtractEventsJob;
import io.gamepipe.spark.jobs.LandEventsJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * bench/spark/compare.sh: our jobs against the ones a user would write from the Spark docs, on the
 * same topic, each a cold JVM timed from launch to exit, alternating, over several rounds.
 *
 * <p>Contenders per topic: a plain KafkaConsumer reading the topic to its end; {@code land} as
 * {@code ./gamepipe submit land} runs it; the textbook Structured Streaming job
 * ({@link TextbookJobs}, {@code minPartitions} = cores); {@code extract} and its textbook form.
 * The Spark ones all get the same JVM flags (system property {@code bench.flags}); ours add
 * {@code bench.ours.flags} (what {@code ./gamepipe submit} adds on top, e.g. the class-data
 * sharing archive, made by an untimed training run as the first ./gamepipe submit after a build makes
 * it; {@code bench.ours.archive=false} leaves it out; a variant's flags may name it as {@code {archive}}).
 * Every run writes to a fresh output root and checkpoint.
 *
 * <p>Args: {@code EVENTS[,EVENTS...] JOB_CLASSPATH TEXTBOOK_CLASSPATH}. Properties: {@code bench.rounds}
 * (2), {@code bench.warmup} (1: untimed rounds first), {@code bench.contenders} (raw,land,textbook-land,extract,textbook-extract; {@code land:NAME} or
 * {@code extract:NAME} is ours with the flags of property {@code bench.variant.NAME} instead;
 * {@code textbook-land:NAME} the textbook job with them added, compared with ours of the same NAME).
 */
public final class CompareBench {

    /** One cold run: wall time, the CPU time of all its threads (far less sensitive than wall time to a loaded machine), peak RSS. */
    private record Run(double seconds, double cpuSeconds, long peakRssKib, long launchedEpochMillis, List<String> output,
            long outputBytes) {
    }

    private final String jobClasspath;
    private final String textbookClasspath;
    private final List<String> flags;
    private final List<String> ourFlags;
    private final boolean classArchive;
    /** The class-data archive our jobs get, as ./gamepipe submit gives them one; null until the training run made it. */
    private Path archive;
    private final int rounds;
    /** Untimed rounds before the timed ones: the broker and HDFS run in this JVM and warm up too. */
    private final int warmupRounds;
    private final List<String> contenders;
    private String bootstrap;
    private String hdfsUri;
    /** For the size of what each run wrote (its output root, Parquet and metadata files, checkpoint excluded). */
    private FileSystem hdfsClient;

    private CompareBench(String jobClasspath, String textbookClasspath) {
        this.jobClasspath = jobClasspath;
        this.textbookClasspath = textbookClasspath;
        this.flags = split(System.getProperty("bench.flags", ""));
        this.ourFlags = split(System.getProperty("bench.ours.flags", ""));
        this.classArchive = Boolean.parseBoolean(System.getProperty("bench.ours.archive", "true"));
        this.rounds = Integer.getInteger("bench.rounds", 2);
        this.warmupRounds = Integer.getInteger("bench.warmup", 1);
        this.contenders = split(System.getProperty("bench.contenders", "raw,land,textbook-land,extract,textbook-extract")
                .replace(',', ' '));
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: CompareBench EVENTS[,EVENTS...] JOB_CLASSPATH TEXTBOOK_CLASSPATH");
            System.exit(2);
        }
        List<Long> sizes = Arrays.stream(args[0].split(",")).map(String::trim).map(Long::parseLong).toList();
        new CompareBench(args[1], args[2]).run(sizes);
        System.exit(0);
    }

    private void run(List<Long> sizes) throws Exception {
        Path work = TempDirs.create("gamepipe-spark-compare");
        EmbeddedKafka.throwInsteadOfExiting();
        List<String> report = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(work.resolve("kafka")).build().start();
             EmbeddedHdfs hdfs = EmbeddedHdfs.builder().dataDir(work.resolve("hdfs")).build().start();
             FileSystem client = hdfs.newClient()) {
            bootstrap = kafka.bootstrapServers();
            hdfsUri = hdfs.uri();
            hdfsClient = client;
            for (long size : sizes) {
                String topic = "events-" + size;
                kafka.createTopic(topic, 1);
                SparkBench.fill(bootstrap, topic, size);
            }
            if (classArchive) {
                archive = trainArchive(work, "events-" + sizes.get(0));
            }
            for (long size : sizes) {
                report.addAll(compare(size, "events-" + size));
            }
        } finally {
            TempDirs.deleteQuietly(work);
        }
        System.out.println();
        System.out.println("== spark-app comparison: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + rounds + " round(s), JVM flags " + flags.stream().filter(f -> f.startsWith("-X") && !f.startsWith("-XX:+Ignore")).toList()
                + ", ours add " + ourFlags() + " ==");
        report.forEach(System.out::println);
    }

    private List<String> compare(long size, String topic) throws Exception {
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        contenders.forEach(c -> runs.put(c, new ArrayList<>()));
        // Without this, whichever job runs first pays for the broker's and HDFS's own warm-up, in this JVM,
        // on the same two cores: land on 1M took 22.1, 19.3, 17.4 and 17.3 s in four runs in a row.
        for (int warmup = 1; warmup <= warmupRounds; warmup++) {
            for (String contender : contenders) {
                System.out.printf(Locale.ROOT, "== %,d events, warm-up %d of %d, untimed: %s ==%n", size, warmup, warmupRounds,
                        contender);
                runOnce(contender, topic);
            }
        }
        long[] cpuBefore = cpuTicks();
        for (int round = 1; round <= rounds; round++) {
            // Alternate the order: a contender is not always the one after the same neighbour.
            List<String> order = new ArrayList<>(contenders);
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (String contender : order) {
                System.out.printf(Locale.ROOT, "== %,d events, round %d of %d: %s (load %s) ==%n", size, round, rounds,
                        contender, loadAverage());
                Run run = runOnce(contender, topic);
                System.out.printf(Locale.ROOT, "   %.1f s, CPU %.1f s, peak RSS %d MiB%n", run.seconds(), run.cpuSeconds(),
                        run.peakRssKib() / 1024);
                runs.get(contender).add(run);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(String.format(Locale.ROOT, "%,d events (load average after: %s; CPU stolen by the hypervisor during the timed rounds: %s)",
                size, loadAverage(), stealShare(cpuBefore, cpuTicks())));
        lines.add(String.format(Locale.ROOT, "  %-18s %8s %8s %12s %8s %9s %9s  %s", "", "best", "median", "events/s", "CPU best",
                "peak RSS", "output", "runs (wall s / CPU s)"));
        runs.forEach((name, list) -> {
            double best = best(list);
            lines.add(String.format(Locale.ROOT, "  %-18s %7.1fs %7.1fs %,12.0f %7.1fs %5d MiB %5.1f MiB  %s", name, best, median(list),
                    size / best, bestCpu(list), list.stream().mapToLong(Run::peakRssKib).max().orElse(0) / 1024,
                    list.stream().mapToLong(Run::outputBytes).max().orElse(0) / 1048576.0,
                    list.stream().map(r -> String.format(Locale.ROOT, "%.1f/%.1f", r.seconds(), r.cpuSeconds()))
                            .collect(Collectors.joining(" "))));
        });
        for (String ours : runs.keySet()) {
            String base = ours.contains(":") ? ours.substring(0, ours.indexOf(':')) : ours;
            String textbookName = runs.containsKey("textbook-" + ours) ? "textbook-" + ours : "textbook-" + base;
            if (List.of("land", "extract").contains(base) && runs.containsKey(textbookName)) {
                List<Run> own = runs.get(ours);
                List<Run> textbook = runs.get(textbookName);
                lines.add(String.format(Locale.ROOT, "  %s / %s %.2fx (best), %.2fx (median), CPU %.2fx (best)   (target: 2x)",
                        textbookName, ours, best(textbook) / best(own), median(textbook) / median(own),
                        bestCpu(textbook) / bestCpu(own)));
            }
        }
        for (String name : runs.keySet()) {
            if (!name.startsWith("land") && !name.startsWith("extract")) {
                continue;
            }
            List<Run> ours = new ArrayList<>(runs.get(name));
            lines.add("  " + name + ":");
            ours.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
            lines.addAll(breakdown(name, ours.get(0)));
        }
        return lines;
    }

    private static final Pattern MARK = Pattern.compile("([a-z0-9 ]+?) \\+(\\d+)");

    /** Where the seconds of a run of ours went, from its summary's timeline and (land) its batch lines. */
    private static List<String> breakdown(String name, Run run) {
        List<String> lines = new ArrayList<>();
        String timeline = run.output().stream().filter(l -> l.contains("timeline ")).findFirst().orElse(null);
        if (timeline == null) {
            lines.add("  (no timeline in " + name + "'s output)");
            return lines;
        }
        Matcher jvm = Pattern.compile("jvm start (\\d+)").matcher(timeline);
        if (!jvm.find()) {
            return lines;
        }
        long jvmStart = Long.parseLong(jvm.group(1));
        Map<String, Long> marks = new LinkedHashMap<>();
        for (String part : timeline.substring(jvm.end()).split("\\|")) {
            Matcher mark = MARK.matcher(part.trim());
            if (mark.find()) {
                marks.put(mark.group(1).trim(), Long.parseLong(mark.group(2)));
            }
        }
        double total = run.seconds();
        lines.add(String.format(Locale.ROOT, "  %s's %.1f s (its best run), from its own timestamps:", name, total));
        long previous = 0;
        String previousName = "JVM start";
        lines.add(String.format(Locale.ROOT, "    %-44s %5.2f s", "launch to JVM start", (jvmStart - run.launchedEpochMillis()) / 1000.0));
        for (Map.Entry<String, Long> mark : marks.entrySet()) {
            String label = label(mark.getKey());
            lines.add(String.format(Locale.ROOT, "    %-44s %5.2f s", label, (mark.getValue() - previous) / 1000.0));
            previous = mark.getValue();
            previousName = mark.getKey();
        }
        double rest = total - (jvmStart - run.launchedEpochMillis()) / 1000.0 - previous / 1000.0;
        lines.add(String.format(Locale.ROOT, "    %-44s %5.2f s", "after " + previousName + ": Spark stop, JVM exit", rest));
        run.output().stream().filter(l -> l.startsWith("batch ") || l.contains("compilation "))
                .forEach(l -> lines.add("    | " + l.trim()));
        return lines;
    }

    private static final Map<String, String> MEANINGS = Map.of(
            "main", "JVM start to main (class loading, JVM init)",
            "kafka checked", "options + Kafka check (Spark starting meanwhile)",
            "offsets listed", "topic's offsets listed (Spark starting meanwhile)",
            "spark ready", "SparkSession ready, after the check",
            "checkpoint read", "datasets' roots + checkpoint read",
            "first task launched", "planning and code generation to the first task",
            "events written", "read, classify, write the events (one Spark job)",
            "quarantine written", "the quarantine (a second, small Spark job)",
            "work done", "summary counts");
    private static final Pattern BATCH_MARK = Pattern.compile("batch (\\d+)(?: (.+))?");
    private static final Map<String, String> BATCH_STEPS = Map.of(
            "offsets logged", "offsets log written",
            "read planned", "Kafka read planned, classification bound",
            "events published", "its Spark job, manifest and renames",
            "committed", "commit log written");

    /** What the time up to a job's timeline mark was spent on (a mark names what was done by then). */
    static String label(String mark) {
        String meaning = MEANINGS.get(mark);
        if (meaning != null) {
            return meaning;
        }
        Matcher batch = BATCH_MARK.matcher(mark);
        if (batch.matches()) {
            String step = batch.group(2) == null ? "counts (and the quarantine, if any)" : BATCH_STEPS.get(batch.group(2));
            return "batch " + batch.group(1) + ": " + (step == null ? batch.group(2) : step);
        }
        return mark;
    }

    private static double best(List<Run> runs) {
        return runs.stream().mapToDouble(Run::seconds).min().orElse(Double.NaN);
    }

    private static double bestCpu(List<Run> runs) {
        return runs.stream().mapToDouble(Run::cpuSeconds).min().orElse(Double.NaN);
    }

    private static double median(List<Run> runs) {
        double[] seconds = runs.stream().mapToDouble(Run::seconds).sorted().toArray();
        int middle = seconds.length / 2;
        return seconds.length % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2;
    }

    /** The machine's CPU time since boot from /proc/stat, in ticks: {all, steal}; empty where there is no /proc/stat. */
    private static long[] cpuTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                all += Long.parseLong(fields[i]);
            }
            return new long[] {all, fields.length > 8 ? Long.parseLong(fields[8]) : 0};
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    /**
     * The share of the machine's CPU time the hypervisor gave to others between two {@link #cpuTicks()}:
     * on a shared virtual machine the same run is slower, CPU time included, when it is high.
     */
    static String stealShare(long[] before, long[] after) {
        if (before.length < 2 || after.length < 2 || after[0] <= before[0]) {
            return "unknown";
        }
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * (after[1] - before[1]) / (after[0] - before[0]));
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private Run runOnce(String contender, String topic) throws Exception {
        String root = "/compare/" + UUID.randomUUID();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // land:NAME / extract:NAME: ours with the flags of property bench.variant.NAME instead of bench.ours.flags.
        String variant = contender.contains(":") ? contender.substring(contender.indexOf(':') + 1) : null;
        List<String> own = variant == null ? ourFlags()
                : split(System.getProperty("bench.variant." + variant, "").replace("{archive}", String.valueOf(archive)));
        switch (contender.contains(":") ? contender.substring(0, contender.indexOf(':')) : contender) {
            case "raw" -> command.addAll(List.of("-Xmx1g", "-cp", textbookClasspath, RawTopicRead.class.getName(), bootstrap, topic));
            case "land", "extract" -> {
                command.addAll(flags);
                command.addAll(own);
                command.addAll(sparkFlags());
                command.addAll(List.of("-cp", jobClasspath,
                        contender.startsWith("land") ? LandEventsJob.class.getName() : ExtractEventsJob.class.getName(),
                        "--bootstrap-servers", bootstrap, "--topic", topic, "--output-root", root));
            }
            case "textbook-land", "textbook-extract" -> {
                command.addAll(flags);
                if (variant != null) {
                    command.addAll(own);
                }
                command.addAll(sparkFlags());
                command.addAll(List.of("-cp", textbookClasspath, TextbookJobs.class.getName(),
                        contender.substring("textbook-".length()).replaceAll(":.*", ""), bootstrap, topic, root + "/out", root + "/checkpoint"));
            }
            default -> throw new IllegalArgumentException("unknown contender " + contender);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        long launched = System.currentTimeMillis();
        long start = System.nanoTime();
        Process process = builder.start();
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> SparkBench.sampleRss(process, peak), "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        AtomicLong cpuMillis = new AtomicLong();
        Thread cpuSampler = new Thread(() -> sampleCpu(process, cpuMillis), "cpu-sampler");
        cpuSampler.setDaemon(true);
        cpuSampler.start();
        List<String> output = SparkBench.echo(process);
        int code = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(contender + " exited with " + code);
        }
        return new Run(seconds, cpuMillis.get() / 1000.0, peak.get(), launched, output, outputBytes(root));
    }

    /**
     * What ./gamepipe submit adds for our jobs: the parallel collector (unless bench.ours.flags chooses
     * one), C2's late thresholds, the class-data archive (unless bench.ours.archive=false), then
     * bench.ours.flags.
     */
    private List<String> ourFlags() {
        List<String> own = new ArrayList<>(JobCompilerFlags.withoutBacklogBefore(ourFlags));
        if (archive != null) {
            own.add("-XX:SharedArchiveFile=" + archive);
        }
        own.addAll(ourFlags);
        return own;
    }

    /**
     * The class-data archive of our jobs, made as ./gamepipe submit makes it: by a first run (here land
     * on {@code topic}, untimed) that writes the classes it loaded when it exits.
     */
    private Path trainArchive(Path work, String topic) throws Exception {
        Path file = work.resolve("spark-jobs.jsa");
        System.out.printf(Locale.ROOT, "== training run for our jobs' class-data archive (land on %s, untimed) ==%n", topic);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-XX:ArchiveClassesAtExit=" + file);
        command.addAll(sparkFlags());
        command.addAll(List.of("-cp", jobClasspath, LandEventsJob.class.getName(), "--bootstrap-servers", bootstrap,
                "--topic", topic, "--output-root", "/compare/training"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (process.waitFor() != 0 || !Files.isRegularFile(file)) {
            throw new IllegalStateException("the training run made no class-data archive");
        }
        return file;
    }

    /** The bytes a run left under its output root, its checkpoint left out (raw's root stays empty). */
    private long outputBytes(String root) throws IOException {
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(root);
        if (!hdfsClient.exists(out)) {
            return 0;
        }
        long bytes = 0;
        for (FileStatus child : hdfsClient.listStatus(out)) {
            if (!child.getPath().getName().equals("checkpoint") && !child.getPath().getName().equals("_checkpoints")) {
                bytes += hdfsClient.getContentSummary(child.getPath()).getLength();
            }
        }
        return bytes;
    }

    /** The CPU time of all the process's threads, as last seen before it exited (the last 100 ms are missed). */
    private static void sampleCpu(Process process, AtomicLong millis) {
        while (process.isAlive()) {
            process.toHandle().info().totalCpuDuration().ifPresent(cpu -> millis.set(cpu.toMillis()));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What ./gamepipe submit gives every job, but local[2] (the cores of the machine it was written on). */
    private List<String> sparkFlags() {
        return List.of("-Dspark.master=local[2]", "-Dspark.driver.host=localhost", "-Dspark.hadoop.fs.defaultFS=" + hdfsUri);
    }
}
