package io.gamepipe.operator.reconciler;

/** Which of the APIs of other projects a pipeline may need are served: the spark-operator's, the Gateway API's. */
public record Prerequisites(boolean sparkApplications, boolean httpRoutes) {
  public static final Prerequisites ALL = new Prerequisites(true, true);
}
