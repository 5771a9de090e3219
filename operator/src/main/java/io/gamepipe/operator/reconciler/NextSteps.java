package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.gamepipe.operator.builders.Labels;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.crd.GamePipelineStatus.RunStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * The messages of the Events the operator records on a GamePipeline: what happened, then what a person can do next,
 * with the command to type (names and namespace filled in). Shown by {@code kubectl describe gp}.
 */
final class NextSteps {
  static final String READY = "Ready";
  static final String COMPONENTS_NOT_READY = "ComponentsNotReady";
  static final String ROLLING_OUT = "RollingOut";
  static final String INVALID_SPEC = "InvalidSpec";
  static final String RUN_FAILED = "RunFailed";

  private NextSteps() {
  }

  /** An Event to record: Normal or Warning, its reason and message. */
  record Note(boolean warning, String reason, String message) {
  }

  /**
   * What a change of the Ready condition tells a person: turned Ready (where to send events); lost it after the
   * user's own edit (a roll-out, news) or without one (a warning naming the pods); nothing otherwise.
   */
  static Optional<Note> readinessChange(GamePipeline cr, GamePipelineStatus previous, GamePipelineStatus next) {
    Condition before = StatusComputer.find(previous, StatusComputer.READY);
    Condition after = StatusComputer.find(next, StatusComputer.READY);
    boolean wasReady = before != null && "True".equals(before.getStatus());
    boolean isReady = after != null && "True".equals(after.getStatus());
    if (isReady && !wasReady) {
      return Optional.of(new Note(false, READY, ready(cr, next)));
    }
    if (wasReady && !isReady) {
      return Optional.of(Objects.equals(previous.observedGeneration, cr.getMetadata().getGeneration())
          ? new Note(true, COMPONENTS_NOT_READY, noLongerReady(cr, after.getMessage()))
          : new Note(false, ROLLING_OUT, rollingOut(cr, after.getMessage())));
    }
    return Optional.empty();
  }

  static String invalidSpec(GamePipeline cr, String problems) {
    return problems + ". Nothing is applied until the spec is fixed: kubectl edit gamepipeline " + name(cr)
        + " -n " + namespace(cr);
  }

  static String runFailed(GamePipeline cr, RunStatus run) {
    return "run " + run.name + " of job " + run.job + " ended " + run.state
        + (run.message == null || run.message.isBlank() ? "" : ": " + run.message)
        + ". Its driver's log: kubectl logs " + run.name + "-driver -n " + namespace(cr)
        + "; the pipeline stays Degraded until a run of " + run.job
        + " completes (spark.runRequest with a new id starts one now)";
  }

  /** A reconciliation that failed: the operator tries again by itself. */
  static String reconcileFailed(String message) {
    return message + ". The operator retries with back-off; its log has the details";
  }

  /** The pipeline turned Ready: where to send events and where the data lands. */
  static String ready(GamePipeline cr, GamePipelineStatus status) {
    StringBuilder message = new StringBuilder("all components are ready");
    if (status.endpoints != null && status.endpoints.apiUrl != null) {
      message.append("; send events to ").append(status.endpoints.apiUrl);
    }
    if (status.endpoints != null && status.endpoints.hdfsUri != null) {
      message.append("; the jobs write Parquet under ").append(status.endpoints.hdfsUri)
          .append(cr.getSpec().spark.outputRoot);
    }
    return message.toString();
  }

  /** A Ready pipeline lost a component: where to look. */
  static String noLongerReady(GamePipeline cr, String readyMessage) {
    return "was ready, now " + readyMessage + ". Its pods: kubectl get pods -n " + namespace(cr) + " -l "
        + Labels.INSTANCE + "=" + name(cr);
  }

  /** A Ready pipeline whose spec changed: its pods are replaced. */
  static String rollingOut(GamePipeline cr, String readyMessage) {
    return "rolling out generation " + cr.getMetadata().getGeneration() + ", " + readyMessage
        + ". Follow it: kubectl get gp " + name(cr) + " -n " + namespace(cr) + " -w";
  }

  private static String name(GamePipeline cr) {
    return cr.getMetadata().getName();
  }

  private static String namespace(GamePipeline cr) {
    return cr.getMetadata().getNamespace();
  }
}
