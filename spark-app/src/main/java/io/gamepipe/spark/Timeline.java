package io.gamepipe.spark;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.metrics.source.CodegenMetrics;

/**
 * Where a run's seconds go: named marks in milliseconds since the JVM started, printed in the
 * summary (and read by bench/spark/compare.sh). Cheap: a clock read per mark.
 */
public final class Timeline {

    private static final long JVM_START = ManagementFactory.getRuntimeMXBean().getStartTime();
    private static final List<Mark> MARKS = new ArrayList<>();

    /** {@code what} was done {@code millis} after the JVM started. */
    private record Mark(String what, long millis) {
    }

    private Timeline() {
    }

    /** Starts a run's marks (a test runs several jobs in one JVM) with {@code main}. */
    static synchronized void start() {
        MARKS.clear();
        mark("main");
    }

    /** Records that {@code what} is done now. */
    public static void mark(String what) {
        markAt(what, System.currentTimeMillis());
    }

    /** Records that {@code what} happened at {@code epochMillis}: for events reported later (Spark's listener bus). */
    public static synchronized void markAt(String what, long epochMillis) {
        MARKS.add(new Mark(what, epochMillis - JVM_START));
    }

    /** The marks in the order they happened, e.g. {@code jvm start 1733112345678 | main +412 | kafka checked +980}. */
    static synchronized String line() {
        List<String> marks = MARKS.stream().sorted(Comparator.comparingLong(Mark::millis))
                .map(mark -> mark.what() + " +" + mark.millis()).toList();
        return "jvm start " + JVM_START + (marks.isEmpty() ? "" : " | ") + String.join(" | ", marks) + " (ms)";
    }

    /** Spark's generated-code compilation (Janino) and the JIT's so far, for the summary. */
    static String compileTimes() {
        var codegen = CodegenMetrics.METRIC_COMPILATION_TIME();
        long codegenMillis = 0;
        for (long value : codegen.getSnapshot().getValues()) {
            codegenMillis += value;
        }
        long jit = ManagementFactory.getCompilationMXBean() == null ? -1
                : ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        return String.format(Locale.ROOT, "codegen %d classes in %.1f s, JIT %.1f s of compiler threads' time",
                codegen.getCount(), codegenMillis / 1000.0, jit / 1000.0);
    }
}
