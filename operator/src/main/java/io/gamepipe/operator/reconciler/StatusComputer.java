package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.gamepipe.operator.builders.GameApiBuilder;
import io.gamepipe.operator.builders.Names;
import io.gamepipe.operator.builders.SparkApplicationBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.crd.GamePipelineStatus.Phase;
import io.gamepipe.operator.crd.GamePipelineStatus.RunStatus;
import io.gamepipe.operator.runs.RunPlan;
import io.gamepipe.operator.runs.RunPlanner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Status from the observation: conditions keep their transition time while unchanged, so a steady state writes nothing. */
public final class StatusComputer {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  /** Whether runs can be created: the spark-operator's SparkApplication API is served. */
  public static final String RUNS_AVAILABLE = "RunsAvailable";
  public static final String SPARK_OPERATOR_MISSING = "SparkOperatorMissing";
  public static final String GATEWAY_API_MISSING = "GatewayApiMissing";
  static final String GATEWAY_API_MISSING_MESSAGE = "gameApi.httpRoute asks for an HTTPRoute but the Gateway API ("
      + GameApiBuilder.HTTP_ROUTE_API_VERSION + " " + GameApiBuilder.HTTP_ROUTE_PLURAL + ") is not served: install the"
      + " Gateway API CRDs and an implementation; the route is created once it is, without restarting the operator";
  static final String SPARK_OPERATOR_MISSING_MESSAGE = "the SparkApplication API (" + SparkApplicationBuilder.API_VERSION
      + ", CRD " + SparkApplicationBuilder.PLURAL + "." + SparkApplicationBuilder.GROUP + ") is not served: install "
      + "the Kubeflow spark-operator (chart 2.2.x, for Spark 3.5); runs start once it is, without restarting the operator";

  private StatusComputer() {
  }

  public static GamePipelineStatus reconciled(GamePipeline cr, GamePipelineStatus previous, Observation observation,
      RunPlan plan, Prerequisites served, String specJson, Instant now) {
    GamePipelineStatus status = fresh(cr);
    status.components = observation.components();
    var endpoints = new GamePipelineStatus.Endpoints();
    endpoints.kafkaBootstrapServers = Names.bootstrapServers(cr);
    endpoints.hdfsUri = Names.hdfsUri(cr);
    endpoints.apiUrl = cr.getSpec().gameApi.enabled ? Names.apiUrl(cr) : null;
    status.endpoints = endpoints;
    status.runs = new ArrayList<>(plan.runs());
    status.lastRunRequestId = plan.lastRunRequestId();
    status.lastScheduleTime = plan.lastScheduleTime();
    status.nextScheduleTime = plan.nextScheduleTime();
    status.lastReconciledSpec = specJson;

    String notReady = observation.components().entrySet().stream()
        .filter(e -> !e.getValue().ready)
        .map(e -> e.getKey() + (e.getValue().message == null ? "" : " (" + e.getValue().message + ")"))
        .collect(Collectors.joining(", "));
    boolean ready = notReady.isEmpty();
    String failedRuns = latestFailedRuns(plan).stream().map(r -> r.name).collect(Collectors.joining(", "));
    // Without the spark-operator the pipeline runs, but asked-for runs cannot start: that degrades it.
    boolean runsServed = served.sparkApplications();
    boolean runsBlocked = !runsServed && RunPlanner.wantsRuns(cr);
    boolean routeBlocked = !served.httpRoutes() && GameApiBuilder.wantsHttpRoute(cr);
    boolean degraded = !failedRuns.isEmpty() || runsBlocked || routeBlocked;
    String degradedReason = runsBlocked ? SPARK_OPERATOR_MISSING : routeBlocked ? GATEWAY_API_MISSING
        : failedRuns.isEmpty() ? "AsExpected" : "RunsFailed";
    String degradedMessage = runsBlocked ? "runs requested but " + SPARK_OPERATOR_MISSING_MESSAGE
        : routeBlocked ? GATEWAY_API_MISSING_MESSAGE
        : failedRuns.isEmpty() ? "no problem found" : "failed runs: " + failedRuns;
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(previous, READY, ready, ready ? "AllComponentsReady" : "ComponentsNotReady",
        ready ? "all components are ready" : "not ready: " + notReady, cr, now));
    conditions.add(condition(previous, PROGRESSING, !ready, ready ? "Reconciled" : "RollingOut",
        ready ? "desired state applied and ready" : "waiting for: " + notReady, cr, now));
    conditions.add(condition(previous, DEGRADED, degraded, degradedReason, degradedMessage, cr, now));
    conditions.add(condition(previous, RUNS_AVAILABLE, runsServed,
        runsServed ? "SparkApplicationApiServed" : SPARK_OPERATOR_MISSING,
        runsServed ? SparkApplicationBuilder.API_VERSION + " is served" : SPARK_OPERATOR_MISSING_MESSAGE, cr, now));
    status.conditions = conditions;
    boolean anyExists = observation.components().values().stream().anyMatch(c -> c.replicas != null);
    status.phase = degraded ? Phase.Degraded
        : ready ? Phase.Ready : anyExists ? Phase.Progressing : Phase.Pending;
    return status;
  }

  /** A spec that cannot be applied, or a reconcile that failed: Degraded, everything else kept as it was. */
  public static GamePipelineStatus degraded(GamePipeline cr, GamePipelineStatus previous, String reason,
      String message, Instant now) {
    GamePipelineStatus status = fresh(cr);
    status.components = previous.components;
    status.endpoints = previous.endpoints;
    status.runs = previous.runs;
    status.lastRunRequestId = previous.lastRunRequestId;
    status.lastScheduleTime = previous.lastScheduleTime;
    status.nextScheduleTime = previous.nextScheduleTime;
    status.lastReconciledSpec = previous.lastReconciledSpec;
    status.freshness = previous.freshness;
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(previous, READY, false, reason, message, cr, now));
    conditions.add(condition(previous, PROGRESSING, false, reason, "nothing applied until the problem is fixed", cr,
        now));
    conditions.add(condition(previous, DEGRADED, true, reason, message, cr, now));
    // What was known about the spark-operator and the lag still holds.
    for (String kept : List.of(RUNS_AVAILABLE, FreshnessStatus.FRESH)) {
      Condition condition = find(previous, kept);
      if (condition != null) {
        conditions.add(condition);
      }
    }
    status.conditions = conditions;
    status.phase = Phase.Degraded;
    return status;
  }

  public static boolean failed(RunStatus run) {
    return "FAILED".equals(run.state) || "SUBMISSION_FAILED".equals(run.state);
  }

  /** A job whose newest run failed degrades the pipeline until one of its runs succeeds again. */
  static List<RunStatus> latestFailedRuns(RunPlan plan) {
    Map<String, RunStatus> newest = new LinkedHashMap<>();
    plan.runs().forEach(run -> newest.putIfAbsent(run.job, run));
    return newest.values().stream().filter(StatusComputer::failed).toList();
  }

  private static GamePipelineStatus fresh(GamePipeline cr) {
    GamePipelineStatus status = new GamePipelineStatus();
    status.observedGeneration = cr.getMetadata().getGeneration();
    return status;
  }

  static Condition condition(GamePipelineStatus previous, String type, boolean value, String reason,
      String message, GamePipeline cr, Instant now) {
    return condition(previous, type, value ? "True" : "False", reason, message, cr, now);
  }

  /** A condition of status {@code state} (True, False or Unknown), keeping its transition time while that holds. */
  static Condition condition(GamePipelineStatus previous, String type, String state, String reason,
      String message, GamePipeline cr, Instant now) {
    String since = previous.conditions.stream()
        .filter(c -> type.equals(c.getType()) && state.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime)
        .findFirst()
        .orElse(now.toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(state)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(since)
        .withObservedGeneration(cr.getMetadata().getGeneration())
        .build();
  }

  public static Condition find(GamePipelineStatus status, String type) {
    return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

}
