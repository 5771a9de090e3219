package io.gamepipe.operator.builders;

import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.JobName;
import java.util.List;
import java.util.Optional;

/**
 * The JIT flags a land run's driver and executors are launched with, from the backlog the operator last saw
 * ({@code status.freshness.eventsNotLanded}): C1 alone for a short run, C2's thresholds ten times the defaults for a
 * long one (C2 for the per-record code, not for start-up code). A copy of
 * the data plane's {@code io.gamepipe.events.JobCompilerFlags} (the operator depends on no data-plane module;
 * DataPlaneContractTest holds the two equal). Without a backlog, or for the jobs whose backlog the operator does not
 * know, nothing is added and the job chooses at run time (in its driver only).
 */
public final class JobCompilerOptions {

  /** From this many records a run is launched with both compilers. */
  public static final long C2_FROM_RECORDS = 500_000;

  private JobCompilerOptions() {
  }

  /** The flags for a run that will read {@code records} from the topic. */
  public static List<String> forBacklog(long records) {
    return records < C2_FROM_RECORDS ? List.of("-XX:TieredStopAtLevel=1")
        : List.of("-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
            "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");
  }

  /** The Java options of a run of {@code job}, joined for Spark's extraJavaOptions; empty when the backlog is unknown. */
  public static Optional<String> javaOptions(GamePipeline cr, JobName job) {
    if (job != JobName.LAND || cr.getStatus() == null || cr.getStatus().freshness == null
        || cr.getStatus().freshness.eventsNotLanded == null) {
      return Optional.empty();
    }
    List<String> flags = forBacklog(cr.getStatus().freshness.eventsNotLanded);
    return flags.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", flags));
  }
}
