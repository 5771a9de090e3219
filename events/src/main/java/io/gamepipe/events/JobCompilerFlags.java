package io.gamepipe.events;

import java.util.ArrayList;
import java.util.List;

/**
 * The JIT flags a Spark job's JVM is launched with when the launcher knows how many records the
 * job will read from the topic (its backlog). A job also chooses at run time (spark-app's
 * {@code CompilerChoice}: C2 switched off by a compiler directive until the backlog is known), but
 * only a flag at launch spares a short run the profiling C1 code that a later C2 would need, and
 * only a flag at launch can raise C2's thresholds.
 *
 * <ul>
 *   <li>Under {@link #C2_FROM_RECORDS} records: C1 alone ({@code -XX:TieredStopAtLevel=1}). On two
 *       cores C2 spends more CPU compiling Spark's start-up code than a short run spends on its
 *       records.</li>
 *   <li>From there up: both compilers, C2's thresholds ten times HotSpot's defaults
 *       ({@link #LATE_C2}). C2 then compiles the per-record code, which runs millions of times,
 *       and spares most of the start-up code, which runs thousands of times: land on 1,000,000
 *       events used 23.2-23.9 s of CPU instead of 25.7-28.2 s (docs/spark-jobs.md).</li>
 * </ul>
 *
 * A launcher that does not know the backlog passes {@link #withoutBacklog()}, C2's late thresholds:
 * the job still keeps C2 off a short run by itself (run time), and a long run gets C2 for its
 * per-record code only. Measured with land (docs/spark-jobs.md): on 1,000,000 events CPU 21.9-24.4 s
 * instead of 27.6-27.8 s; on 10,000 events 9.4-10.9 s against 9.7-11.0 s, no cost.
 * {@code ./gamepipe submit} passes them to every run: asking Kafka and HDFS for the backlog from the
 * launcher's cold JVM took 2.3-2.5 s (a Hadoop client 1.9 s, a Kafka admin client 1.3 s), more than
 * C1 from launch saves a 10,000-record run over the job's own choice (about 1.1 s). The operator
 * knows land's backlog without asking ({@code eventsNotLanded} of its freshness status) and passes
 * {@link #forBacklog}; every other job of its gets {@link #withoutBacklog()}. Both launchers also
 * give every run {@link #COLLECTOR}, unless the user chose a collector.
 */
public final class JobCompilerFlags {

    /**
     * From this many records a run needs C2's code. Measured with land on 2 cores: C1 alone was faster at 100,000
     * (8.4 against 11.3 s) and 300,000 records (11.0 against 14.1 s) and slower at 1,000,000 (31 against 21-26 s).
     */
    public static final long C2_FROM_RECORDS = 500_000;

    /** C1 alone. */
    public static final List<String> QUICK_ONLY = List.of("-XX:TieredStopAtLevel=1");
    /** Both compilers, C2 only for methods ten times as hot as by default. */
    public static final List<String> LATE_C2 = List.of("-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");
    /**
     * The collector every job JVM is launched with, whatever its backlog: the parallel collector. A
     * job allocates fast and keeps little (records, rows and Parquet pages are garbage within the
     * batch), and G1, the JVM's default here, turned the Parquet writers' and Kafka fetches' large
     * buffers into humongous allocations that each started a concurrent cycle (a JFR of land on
     * 1,000,000 events: 52 young pauses and 20 concurrent cycles, one remark of 187 ms). Measured
     * with land and extract on 1,000,000 events (docs/spark-jobs.md): land 12.5 to 10.9 s median,
     * extract 9.3 to 8.7 s.
     */
    public static final List<String> COLLECTOR = List.of("-XX:+UseParallelGC");

    /** Flags that already say which compilers run (thresholds do not): a job then adds no directive of its own. */
    private static final List<String> COMPILER_FLAG_PREFIXES = List.of("-XX:TieredStopAtLevel", "-XX:CompilationMode",
            "-XX:-TieredCompilation", "-Xint", "-Xcomp");

    private JobCompilerFlags() {
    }

    /** The flags for a run that will read {@code records} from the topic. */
    public static List<String> forBacklog(long records) {
        return records < C2_FROM_RECORDS ? QUICK_ONLY : LATE_C2;
    }

    /** The flags for a run whose backlog the launcher does not know. */
    public static List<String> withoutBacklog() {
        return LATE_C2;
    }

    /**
     * What a launcher that does not know the backlog puts before the caller's {@code callerFlags}:
     * {@link #COLLECTOR} unless the caller chose a collector, then {@link #withoutBacklog()}.
     */
    public static List<String> withoutBacklogBefore(List<String> callerFlags) {
        List<String> flags = new ArrayList<>();
        if (!choosesCollector(callerFlags)) {
            flags.addAll(COLLECTOR);
        }
        flags.addAll(withoutBacklog());
        return flags;
    }

    /** Whether {@code jvmFlags} already choose a garbage collector (then {@link #COLLECTOR} would clash with it). */
    public static boolean choosesCollector(List<String> jvmFlags) {
        return jvmFlags.stream().anyMatch(flag -> flag.matches("-XX:\\+Use\\w+GC"));
    }

    /** Whether {@code jvmFlags} already choose the compilers (then the launcher keeps out of it). */
    public static boolean choosesCompilers(List<String> jvmFlags) {
        return jvmFlags.stream().anyMatch(flag -> COMPILER_FLAG_PREFIXES.stream().anyMatch(flag::startsWith));
    }
}
