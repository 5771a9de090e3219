package io.gamepipe.operator.builders;

import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.JobName;
import java.util.ArrayList;
import java.util.List;

/**
 * The JIT flags a land run's driver and executors are launched with, from the backlog the operator last saw
 * ({@code status.freshness.eventsNotLanded}): C1 alone for a short run, C2's thresholds ten times the defaults for a
 * long one (C2 for the per-record code, not for start-up code). A copy of
 * the data plane's {@code io.gamepipe.events.JobCompilerFlags} (the operator depends on no data-plane module;
 * DataPlaneContractTest holds the two equal). Without a backlog, or for the jobs whose backlog the operator does not
 * know, C2's late thresholds (what ./gamepipe submit gives every run): the job still keeps C2 off a short run at run
 * time (in its driver). Every run also gets the data plane's collector ({@link #COLLECTOR}: the parallel one, which
 * measured faster than G1 for these short, allocation-heavy runs).
 */
public final class JobCompilerOptions {

  /** From this many records a run is launched with both compilers. */
  public static final long C2_FROM_RECORDS = 500_000;

  private JobCompilerOptions() {
  }

  private static final List<String> LATE_C2 = List.of("-XX:Tier4InvocationThreshold=50000",
      "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");

  /** The garbage collector of every run's driver and executors. */
  public static final List<String> COLLECTOR = List.of("-XX:+UseParallelGC");

  /** The flags for a run that will read {@code records} from the topic. */
  public static List<String> forBacklog(long records) {
    return records < C2_FROM_RECORDS ? List.of("-XX:TieredStopAtLevel=1") : LATE_C2;
  }

  /** The flags for a run whose backlog the operator does not know. */
  public static List<String> withoutBacklog() {
    return LATE_C2;
  }

  /** The Java options of a run of {@code job} (collector, then compilers), joined for Spark's extraJavaOptions. */
  public static String javaOptions(GamePipeline cr, JobName job) {
    boolean backlogKnown = job == JobName.LAND && cr.getStatus() != null && cr.getStatus().freshness != null
        && cr.getStatus().freshness.eventsNotLanded != null;
    List<String> options = new ArrayList<>(COLLECTOR);
    options.addAll(backlogKnown ? forBacklog(cr.getStatus().freshness.eventsNotLanded) : withoutBacklog());
    return String.join(" ", options);
  }
}
