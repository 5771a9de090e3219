package io.gamepipe.spark;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.metrics.source.CodegenMetrics;

/**
 * Where a run's seconds go: named marks in milliseconds since the JVM started, printed in the
 * summary (and read by bench/spark/compare.sh). Cheap: a clock read per mark.
 */
public final class Timeline {

    private static final long JVM_START = ManagementFactory.getRuntimeMXBean().getStartTime();
    private static final List<String> MARKS = new ArrayList<>();

    private Timeline() {
    }

    /** Starts a run's marks (a test runs several jobs in one JVM) with {@code main}. */
    static synchronized void start() {
        MARKS.clear();
        mark("main");
    }

    /** Records that {@code what} is done now. */
    public static synchronized void mark(String what) {
        MARKS.add(what + " +" + (System.currentTimeMillis() - JVM_START));
    }

    /** The marks, e.g. {@code jvm start 1733112345678 | main +412 | kafka checked +980}. */
    static synchronized String line() {
        return "jvm start " + JVM_START + (MARKS.isEmpty() ? "" : " | ") + String.join(" | ", MARKS) + " (ms)";
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
