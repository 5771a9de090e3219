package io.gamepipe.spark;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * What every job does around its own work: parse the options (exit 2 on a bad one, usage on
 * {@code --help}), start Spark without a hard-coded master, report progress, print the summary,
 * and map the outcome to an exit code (0 ok, 1 failure).
 *
 * @param <C> the job's settings, checked before Spark starts
 */
public abstract class SparkJob<C> {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_ARGUMENTS = 2;

    /** The application name, also the summary's title. */
    protected abstract String name();

    /** One paragraph for {@code --help}. */
    protected abstract String description();

    /** Every option the job takes, {@link JobOptions#COMMON} included. */
    protected abstract List<JobOptions.Option> options();

    /** Checks the options and turns them into the job's settings; runs before Spark starts. */
    protected abstract C settings(JobOptions options) throws UsageException;

    /** The topic the job reads, checked to answer before Spark starts; null for a job that reads no topic. */
    protected abstract KafkaTopic source(C settings);

    /**
     * What the job can do while Spark starts, after the Kafka check (in its thread): e.g. ask the
     * brokers for offsets. Nothing by default; a failure here fails the run.
     */
    protected void whileSparkStarts(C settings) throws Exception {
    }

    /** The compilers this run uses: C1 alone until {@link #backlogKnown} says the run is long enough for C2. */
    private CompilerChoice compilers = CompilerChoice.jvmDefaults();

    /**
     * Tells the run how many records it will read, as soon as it knows: C2 comes back on for a long
     * run (see {@link CompilerChoice}). Jobs that read the topic call it once, before their work.
     */
    protected final void backlogKnown(long records) {
        compilers.backlogKnown(records);
    }

    /** The job's work; fills the summary. */
    protected abstract void execute(SparkSession spark, C settings, JobSummary summary, PrintStream out) throws Exception;

    /** Runs the job as {@code main} does, without exiting: the SparkSession is left running. */
    public final int run(String[] args, PrintStream out, PrintStream err) {
        Timeline.start();
        C settings;
        String logLevel;
        long threshold;
        try {
            JobOptions options = JobOptions.parse(options(), args, SparkJob::sparkConf);
            if (options.helpRequested()) {
                out.println(JobOptions.usage(getClass().getName(), description(), options()));
                return OK;
            }
            logLevel = options.getChoice(JobOptions.LOG_LEVEL, List.of("OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL"));
            settings = settings(options);
            threshold = compilerThreshold();
        } catch (UsageException e) {
            err.println(name() + ": " + e.getMessage());
            err.println("Run with --help for the options.");
            return BAD_ARGUMENTS;
        }
        // The Kafka check runs while Spark starts (both mostly load classes, and there are two cores at least);
        // its failure is reported as before, the one line and exit code 1, whatever Spark did meanwhile.
        KafkaTopic source = source(settings);
        // Only the jobs that read the topic know their size before their work; the others keep the JVM's compilers.
        compilers = source == null ? CompilerChoice.jvmDefaults() : CompilerChoice.forTopicReader(threshold);
        CompletableFuture<Void> kafkaCheck = source == null ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(() -> {
            try {
                source.checkReachable();
                Timeline.mark("kafka checked");
                whileSparkStarts(settings);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        JobSummary summary = new JobSummary(name());
        try {
            SparkSession spark;
            try {
                spark = startSpark(logLevel);
            } finally {
                awaitReachable(kafkaCheck);
            }
            summary.sparkReady();
            Timeline.mark("spark ready");
            try (ProgressListener progress = new ProgressListener(spark.sparkContext(), out)) {
                execute(spark, settings, summary, out);
            }
            Timeline.mark("work done");
            summary.compilers(compilers.decision());
            summary.print(out);
            return OK;
        } catch (KafkaUnreachableException e) {
            err.println(name() + " FAILED: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            // One line a person can act on (the innermost cause names what broke: HDFS, Kafka, a path);
            // the whole trace only when asked for with a chatty log level.
            err.println(name() + " FAILED: " + rootCause(e));
            if (List.of("INFO", "DEBUG", "TRACE", "ALL").contains(logLevel)) {
                e.printStackTrace(err);
            } else {
                err.println("(--log-level INFO prints the stack trace)");
            }
            return FAILED;
        } finally {
            compilers.restore();
        }
    }

    private static long compilerThreshold() throws UsageException {
        try {
            return CompilerChoice.configuredThreshold();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The innermost cause, as "Type: message". */
    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + message;
    }

    /** Waits for the Kafka check (and {@link #whileSparkStarts}); its failure wins over whatever else went wrong meanwhile. */
    private static void awaitReachable(CompletableFuture<Void> check) throws KafkaUnreachableException {
        try {
            check.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof KafkaUnreachableException unreachable) {
                throw unreachable;
            }
            throw e;
        }
    }

    /** For the jobs' {@code main}: runs, stops Spark, exits with the job's code. */
    protected static void runMain(SparkJob<?> job, String[] args) {
        int code = job.run(args, System.out, System.err);
        SparkSession.getDefaultSession().foreach(spark -> {
            spark.stop();
            return null;
        });
        System.exit(code);
    }

    /** Spark settings the jobs use unless spark-submit or {@code -Dspark.*} set them otherwise. */
    private static final Map<String, String> SPARK_DEFAULTS = Map.of(
            // A run lasts seconds: no web UI (its Jetty server and listeners cost start-up time).
            "spark.ui.enabled", "false",
            // The original's timestamps were printed in UTC (its containers ran in UTC).
            "spark.sql.session.timeZone", "UTC",
            // Land writes partitioned by type and date: a writer per partition open at once spares
            // Spark the sort it would otherwise do before a partitioned write.
            "spark.sql.maxConcurrentOutputFileWriters", "32",
            // The event schema is wide; without this Spark warns on every plan it prints.
            "spark.sql.debug.maxToStringFields", "200",
            // Spark's default list without kafka: a batch read of the topic then uses the Kafka source's
            // DataSource V2 reader, which hands Spark its internal rows, as the streaming reader does,
            // instead of the V1 relation, which turns each record into a Row and back.
            "spark.sql.sources.useV1SourceList", "avro,csv,json,orc,parquet,text",
            // Closing an HDFS file often races the DataNode's block report; the client then sleeps
            // before asking again, 400 ms at first by default, which every Parquet file, manifest and
            // checkpoint file of every batch pays. Ask again after 50 ms (doubling each time), with 3
            // more tries so that the client gives up no sooner than by default (12.8 s against 12.4 s).
            "spark.hadoop.dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "50",
            "spark.hadoop.dfs.client.block.write.locateFollowingBlock.retries", "8");

    private SparkSession startSpark(String logLevel) {
        SparkSession.Builder builder = SparkSession.builder().appName(name());
        SPARK_DEFAULTS.forEach((key, value) -> {
            if (sparkConf(key).isEmpty()) {
                builder.config(key, value);
            }
        });
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel(logLevel);
        return spark;
    }

    /** A Spark conf value as spark-submit or {@code -Dspark.*} sets it, before Spark starts. */
    static Optional<String> sparkConf(String key) {
        SparkConf conf = new SparkConf(true);
        return conf.contains(key) ? Optional.of(conf.get(key)) : Optional.empty();
    }

    /** {@link JobOptions#COMMON} followed by the job's own options. */
    protected static List<JobOptions.Option> withCommon(JobOptions.Option... own) {
        List<JobOptions.Option> all = new ArrayList<>(JobOptions.COMMON);
        all.addAll(List.of(own));
        return all;
    }

    /** Milliseconds since this JVM started: the fixed cost a run pays before its work. */
    static long millisSinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }
}
