package io.gamepipe.spark;

import io.gamepipe.events.JobCompilerFlags;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Which of HotSpot's JIT compilers a run uses, chosen by the run itself once it knows how many
 * records it will read.
 *
 * <p>On two cores a short run spends more CPU in the optimizing compiler (C2) than in its own
 * work: a land run of 10,000 records gave C2 8.6 s of a 17.9 s run's CPU, compiling Spark's
 * start-up code that never runs again. The quick compiler (C1) compiles the same code in a
 * fraction of that, at code that is slower once warm, which only a long run feels. A JVM's
 * compilers are set at launch, and the launcher (./gamepipe submit, spark-submit, the operator)
 * does not know the backlog; so the job starts with C2 switched off through a compiler directive
 * added at run time (the {@code Compiler.directives_add} diagnostic command, no JVM flag needed) and
 * switches it back on as soon as it knows it will read {@link #DEFAULT_THRESHOLD} records or more.
 * A method the directive kept from C2 meanwhile stays with C1's code (it is compiled at C1's
 * full-speed level instead of being profiled further).
 *
 * <p>Even a long run spends much of C2's time on code it runs thousands of times, not millions:
 * Spark's query planning, code generation (Janino, ASM), class loading, configuration and the
 * Kafka admin client (a JFR of land on 1,000,000 records: C2 31 s of compilations, a third of
 * it there). So when C2 comes back on, a second directive keeps it off for those packages alone
 * ({@link #START_UP_CODE}); the per-record code (Spark's generated and row code, Parquet, the
 * Kafka consumer, the JDK's strings and collections) gets C2 as before.
 *
 * <p>Spark conf {@value #THRESHOLD_CONF} (or {@code -Dspark.gamepipe.c2FromRecords=N}) sets the
 * threshold; 0 leaves the compilers alone. Where the directive cannot be added (not HotSpot, no
 * diagnostic commands), the run goes on with the JVM's defaults.
 */
public final class CompilerChoice {

    /** The Spark conf that sets {@link #DEFAULT_THRESHOLD}. */
    public static final String THRESHOLD_CONF = "spark.gamepipe.c2FromRecords";
    /** The launchers' threshold too ({@link JobCompilerFlags#C2_FROM_RECORDS}, where the measurements are). */
    public static final long DEFAULT_THRESHOLD = JobCompilerFlags.C2_FROM_RECORDS;

    private static final String C2_OFF = "[{ match: \"*.*\", c2: { Exclude: true } }]";
    /** Code a run of any size runs thousands of times at most, as compiler-directive patterns. */
    static final List<String> START_UP_CODE = List.of(
            "org/antlr/*.*", "org/codehaus/*.*", "jdk/internal/org/objectweb/*.*", "org/apache/xbean/*.*",
            "jdk/internal/loader/*.*", "java/util/jar/*.*", "java/lang/invoke/*.*", "java/io/ObjectOutputStream*.*",
            "java/io/ObjectInputStream*.*", "com/fasterxml/*.*", "org/json4s/*.*", "java/util/Formatter*.*",
            "org/apache/spark/sql/catalyst/parser/*.*", "org/apache/spark/sql/catalyst/analysis/*.*",
            "org/apache/spark/sql/catalyst/optimizer/*.*", "org/apache/spark/sql/catalyst/rules/*.*",
            "org/apache/spark/sql/catalyst/trees/*.*", "org/apache/hadoop/*.*", "org/apache/kafka/clients/admin/*.*",
            "org/apache/kafka/common/config/*.*", "sun/security/*.*", "java/lang/reflect/*.*", "jdk/internal/reflect/*.*",
            "sun/invoke/*.*", "java/lang/ClassLoader.*", "java/net/URLClassLoader.*");
    private static final String C2_OFF_FOR_START_UP_CODE = "[{ match: ["
            + START_UP_CODE.stream().map(pattern -> "\"" + pattern + "\"").collect(Collectors.joining(", "))
            + "], c2: { Exclude: true } }]";
    private static final String[] STRINGS = {String[].class.getName()};

    private final long threshold;
    private boolean quickOnly;
    /** Whether the directive that keeps C2 off start-up code is in place. */
    private boolean startUpCodeQuick;
    private String decision = "JVM defaults";

    private CompilerChoice(long threshold) {
        this.threshold = threshold;
    }

    /** A run that starts on C1 alone, unless the threshold is 0 or the directive cannot be added. */
    static CompilerChoice startQuick(long threshold) {
        CompilerChoice choice = new CompilerChoice(threshold);
        if (threshold > 0) {
            choice.quickOnly = choice.diagnosticCommand("compilerDirectivesAdd", directiveFile(C2_OFF));
            choice.decision = choice.quickOnly ? "C1 only until the backlog is known" : "JVM defaults (no compiler directive)";
        }
        return choice;
    }

    /** A run that leaves the compilers as the JVM was launched. */
    static CompilerChoice jvmDefaults() {
        return new CompilerChoice(0);
    }

    /**
     * The choice for a job that reads the topic: the launcher's, when it launched this JVM with flags that choose
     * the compilers (the operator does for land, from the backlog in its status); else {@link #startQuick}.
     */
    static CompilerChoice forTopicReader(long threshold) {
        return forTopicReader(threshold, ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    static CompilerChoice forTopicReader(long threshold, List<String> launchFlags) {
        if (JobCompilerFlags.choosesCompilers(launchFlags)) {
            CompilerChoice choice = new CompilerChoice(0);
            choice.decision = "chosen at launch " + launchFlags.stream()
                    .filter(flag -> JobCompilerFlags.choosesCompilers(List.of(flag))).toList();
            return choice;
        }
        return startQuick(threshold);
    }

    /** The threshold from Spark conf, as spark-submit or {@code -D} set it; the default otherwise. */
    static long configuredThreshold() {
        String value = SparkJob.sparkConf(THRESHOLD_CONF).orElse(Long.toString(DEFAULT_THRESHOLD)).trim();
        try {
            long threshold = Long.parseLong(value);
            if (threshold >= 0) {
                return threshold;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(THRESHOLD_CONF + " must be a whole number of records, 0 or more, not '" + value + "'");
    }

    /** The run will read {@code records}: C2 back on from the threshold up, C1 alone below it. */
    synchronized void backlogKnown(long records) {
        if (!quickOnly) {
            return;
        }
        if (records >= threshold) {
            quickOnly = false;
            diagnosticCommand("compilerDirectivesRemove");
            startUpCodeQuick = diagnosticCommand("compilerDirectivesAdd", directiveFile(C2_OFF_FOR_START_UP_CODE));
            decision = String.format(Locale.ROOT, "C1 and C2%s (%,d records to read, %,d or more)",
                    startUpCodeQuick ? ", C1 only for start-up code" : "", records, threshold);
        } else {
            decision = String.format(Locale.ROOT, "C1 only (%,d records to read, under %,d)", records, threshold);
        }
    }

    /** What was chosen, for the summary. */
    synchronized String decision() {
        return decision;
    }

    /** Whether C2 is switched off now. */
    synchronized boolean quickOnly() {
        return quickOnly;
    }

    /** C2 back on (e.g. a test's JVM runs other jobs after this one). */
    synchronized void restore() {
        if (quickOnly || startUpCodeQuick) {
            quickOnly = false;
            startUpCodeQuick = false;
            diagnosticCommand("compilerDirectivesRemove");
        }
    }

    /** Whether C2 is kept off start-up code now (a long run, after {@link #backlogKnown}). */
    synchronized boolean startUpCodeQuick() {
        return startUpCodeQuick;
    }

    private static String directiveFile(String directives) {
        try {
            Path file = Files.createTempFile("gamepipe-c2-off", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, directives);
            return file.toString();
        } catch (IOException e) {
            return null;
        }
    }

    private boolean diagnosticCommand(String operation, String... arguments) {
        if (arguments.length > 0 && arguments[0] == null) {
            return false;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Object answer = server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                    new Object[] {arguments}, STRINGS);
            // "1 compiler directives added"; a refusal comes back as text, not as an exception.
            return !(operation.equals("compilerDirectivesAdd") && !String.valueOf(answer).contains("added"));
        } catch (JMException | RuntimeException e) {
            return false;
        }
    }
}
