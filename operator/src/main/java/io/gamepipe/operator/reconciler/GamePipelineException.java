package io.gamepipe.operator.reconciler;

/**
 * A failure the operator can name: its reason becomes the Degraded condition's reason and the Event's reason.
 * Anything else is reported as ReconcileFailed.
 */
public class GamePipelineException extends RuntimeException {
  private final String reason;

  public GamePipelineException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
