package io.gamepipe.spark;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What a job did, printed at its end: events read, rows per dataset, quarantined, timings. */
public final class JobSummary {

    private final String job;
    private final long startNanos = System.nanoTime();
    private long startupMillis = -1;
    private long sparkReadyNanos;
    private long eventsRead;
    private long quarantined;
    private String quarantinePath = "";
    private final Map<String, Long> rows = new LinkedHashMap<>();
    private final Map<String, String> paths = new LinkedHashMap<>();
    private final Map<String, String> figures = new LinkedHashMap<>();

    public JobSummary(String job) {
        this.job = job;
    }
    private String compilers = "JVM defaults";

    /** Marks the end of the fixed cost (JVM and Spark start); the rest is the job's own work. */
    /** Which JIT compilers the run chose ({@link CompilerChoice}). */
    void compilers(String decision) {
        compilers = decision;
    }

    void sparkReady() {
        startupMillis = SparkJob.millisSinceJvmStart();
        sparkReadyNanos = System.nanoTime();
    }

    public void addEventsRead(long count) {
        eventsRead += count;
    }

    public void addQuarantined(long count, String path) {
        quarantined += count;
        quarantinePath = path;
    }

    public void addRows(String dataset, String path, long count) {
        rows.merge(dataset, count, Long::sum);
        paths.put(dataset, path);
    }

    /** A line of the job's own, printed after the rows, e.g. compaction's files before and after. */
    public void addFigure(String label, String value) {
        figures.put(label, value);
    }

    public long eventsRead() {
        return eventsRead;
    }

    public long quarantined() {
        return quarantined;
    }

    public Map<String, Long> rows() {
        return Map.copyOf(rows);
    }

    void print(PrintStream out) {
        long end = System.nanoTime();
        double workSeconds = (end - (sparkReadyNanos == 0 ? startNanos : sparkReadyNanos)) / 1e9;
        out.println("== " + job + " summary ==");
        out.printf(Locale.ROOT, "  %-18s %,d%n", "events read", eventsRead);
        rows.forEach((dataset, count) ->
                out.printf(Locale.ROOT, "  %-18s %,d rows -> %s%n", dataset, count, paths.get(dataset)));
        out.printf(Locale.ROOT, "  %-18s %,d%s%n", "quarantined", quarantined,
                quarantinePath.isEmpty() ? "" : " -> " + quarantinePath);
        figures.forEach((label, value) -> out.printf(Locale.ROOT, "  %-18s %s%n", label, value));
        if (startupMillis >= 0) {
            out.printf(Locale.ROOT, "  %-18s %.1f s (JVM start to Spark ready)%n", "start-up", startupMillis / 1000.0);
        }
        out.printf(Locale.ROOT, "  %-18s %.1f s (%,.0f events/s)%n", "duration", workSeconds,
                workSeconds > 0 ? eventsRead / workSeconds : 0.0);
        out.printf(Locale.ROOT, "  %-18s %s; compilers: %s%n", "compilation", Timeline.compileTimes(), compilers);
        out.printf(Locale.ROOT, "  %-18s %s%n", "timeline", Timeline.line());
    }
}
