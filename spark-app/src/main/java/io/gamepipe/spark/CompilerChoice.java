package io.gamepipe.spark;

import io.gamepipe.events.JobCompilerFlags;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
    private static final String[] STRINGS = {String[].class.getName()};

    private final long threshold;
    private boolean quickOnly;
    private String decision = "JVM defaults";

    private CompilerChoice(long threshold) {
        this.threshold = threshold;
    }

    /** A run that starts on C1 alone, unless the threshold is 0 or the directive cannot be added. */
    static CompilerChoice startQuick(long threshold) {
        CompilerChoice choice = new CompilerChoice(threshold);
        if (threshold > 0) {
            choice.quickOnly = choice.diagnosticCommand("compilerDirectivesAdd", directiveFile());
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
     * the compilers (./gamepipe submit and the operator do from the backlog they asked for); else {@link #startQuick}.
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
            decision = String.format(Locale.ROOT, "C1 and C2 (%,d records to read, %,d or more)", records, threshold);
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
        if (quickOnly) {
            quickOnly = false;
            diagnosticCommand("compilerDirectivesRemove");
        }
    }

    private static String directiveFile() {
        try {
            Path file = Files.createTempFile("gamepipe-c2-off", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, C2_OFF);
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
