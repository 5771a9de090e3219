package io.gamepipe.operator.reconciler;

import static io.gamepipe.operator.reconciler.OwnedInformers.CONFIG_MAPS;
import static io.gamepipe.operator.reconciler.OwnedInformers.DEPLOYMENTS;
import static io.gamepipe.operator.reconciler.OwnedInformers.DISRUPTION_BUDGETS;
import static io.gamepipe.operator.reconciler.OwnedInformers.INGRESSES;
import static io.gamepipe.operator.reconciler.OwnedInformers.JOBS;
import static io.gamepipe.operator.reconciler.OwnedInformers.NETWORK_POLICIES;
import static io.gamepipe.operator.reconciler.OwnedInformers.ROLES;
import static io.gamepipe.operator.reconciler.OwnedInformers.ROLE_BINDINGS;
import static io.gamepipe.operator.reconciler.OwnedInformers.SERVICES;
import static io.gamepipe.operator.reconciler.OwnedInformers.SERVICE_ACCOUNTS;
import static io.gamepipe.operator.reconciler.OwnedInformers.STATEFUL_SETS;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus.RunStatus;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.metrics.PipelineMetrics;
import io.gamepipe.operator.reconciler.Dependents.DataNodeBudgetDependent;
import io.gamepipe.operator.reconciler.Dependents.DataNodeDependent;
import io.gamepipe.operator.reconciler.Dependents.DataNodeServiceDependent;
import io.gamepipe.operator.reconciler.Dependents.GameApiDependent;
import io.gamepipe.operator.reconciler.Dependents.GameApiIngressDependent;
import io.gamepipe.operator.reconciler.Dependents.GameApiNetworkPolicyDependent;
import io.gamepipe.operator.reconciler.Dependents.HdfsNetworkPolicyDependent;
import io.gamepipe.operator.reconciler.Dependents.GameApiServiceDependent;
import io.gamepipe.operator.reconciler.Dependents.HdfsConfigDependent;
import io.gamepipe.operator.reconciler.Dependents.KafkaBootstrapServiceDependent;
import io.gamepipe.operator.reconciler.Dependents.KafkaBudgetDependent;
import io.gamepipe.operator.reconciler.Dependents.KafkaDependent;
import io.gamepipe.operator.reconciler.Dependents.KafkaHeadlessServiceDependent;
import io.gamepipe.operator.reconciler.Dependents.KafkaNetworkPolicyDependent;
import io.gamepipe.operator.reconciler.Dependents.NameNodeDependent;
import io.gamepipe.operator.reconciler.Dependents.NameNodeServiceDependent;
import io.gamepipe.operator.reconciler.Dependents.SparkRoleBindingDependent;
import io.gamepipe.operator.reconciler.Dependents.SparkRoleDependent;
import io.gamepipe.operator.reconciler.Dependents.SparkServiceAccountDependent;
import io.gamepipe.operator.reconciler.Dependents.TopicJobDependent;
import io.gamepipe.operator.reconciler.Dependents.ZooKeeperBudgetDependent;
import io.gamepipe.operator.reconciler.Dependents.ZooKeeperDependent;
import io.gamepipe.operator.reconciler.Dependents.ZooKeeperNetworkPolicyDependent;
import io.gamepipe.operator.reconciler.Dependents.ZooKeeperServiceDependent;
import io.gamepipe.operator.reconciler.WorkflowConditions.DataNodeBudgetWanted;
import io.gamepipe.operator.reconciler.WorkflowConditions.GameApiEnabled;
import io.gamepipe.operator.reconciler.WorkflowConditions.GameApiNetworkPolicyWanted;
import io.gamepipe.operator.reconciler.WorkflowConditions.IngressWanted;
import io.gamepipe.operator.reconciler.WorkflowConditions.JobSucceeded;
import io.gamepipe.operator.reconciler.WorkflowConditions.KafkaBudgetWanted;
import io.gamepipe.operator.reconciler.WorkflowConditions.NetworkPoliciesWanted;
import io.gamepipe.operator.reconciler.WorkflowConditions.StatefulSetReady;
import io.gamepipe.operator.reconciler.WorkflowConditions.ZooKeeperBudgetWanted;
import io.gamepipe.operator.reconciler.WorkflowConditions.ZooKeeperMode;
import io.gamepipe.operator.reconciler.WorkflowConditions.ZooKeeperNetworkPolicyWanted;
import io.gamepipe.operator.freshness.DataPlaneFreshnessObserver;
import io.gamepipe.operator.freshness.Freshness;
import io.gamepipe.operator.freshness.FreshnessObserver;
import io.gamepipe.operator.freshness.FreshnessPolling;
import io.gamepipe.operator.freshness.FreshnessTarget;
import io.gamepipe.operator.runs.RunPlan;
import io.gamepipe.operator.runs.RunPlanner;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observe, validate, reconcile, report. The workflow is invoked explicitly so that a contradictory spec applies
 * nothing; a failed precondition on a dependent deletes it (ZooKeeper in KRaft mode, the API when disabled). The
 * dependents of one type share that type's informer ({@link OwnedInformers}, declared in prepareEventSources).
 */
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(name = "zookeeper-service", type = ZooKeeperServiceDependent.class, useEventSourceWithName = SERVICES,
        reconcilePrecondition = ZooKeeperMode.class),
    @Dependent(name = "zookeeper", type = ZooKeeperDependent.class, useEventSourceWithName = STATEFUL_SETS,
        reconcilePrecondition = ZooKeeperMode.class, readyPostcondition = StatefulSetReady.class,
        dependsOn = "zookeeper-service"),
    @Dependent(name = "kafka-headless", type = KafkaHeadlessServiceDependent.class, useEventSourceWithName = SERVICES),
    @Dependent(name = "kafka-bootstrap", type = KafkaBootstrapServiceDependent.class, useEventSourceWithName = SERVICES),
    @Dependent(name = "kafka", type = KafkaDependent.class, useEventSourceWithName = STATEFUL_SETS,
        readyPostcondition = StatefulSetReady.class, dependsOn = {"kafka-headless", "kafka-bootstrap"}),
    @Dependent(name = "topic", type = TopicJobDependent.class, useEventSourceWithName = JOBS,
        readyPostcondition = JobSucceeded.class, dependsOn = "kafka"),
    @Dependent(name = "hdfs-config", type = HdfsConfigDependent.class, useEventSourceWithName = CONFIG_MAPS),
    @Dependent(name = "namenode-service", type = NameNodeServiceDependent.class, useEventSourceWithName = SERVICES),
    @Dependent(name = "namenode", type = NameNodeDependent.class, useEventSourceWithName = STATEFUL_SETS,
        readyPostcondition = StatefulSetReady.class, dependsOn = {"hdfs-config", "namenode-service"}),
    @Dependent(name = "datanode-service", type = DataNodeServiceDependent.class, useEventSourceWithName = SERVICES),
    @Dependent(name = "datanode", type = DataNodeDependent.class, useEventSourceWithName = STATEFUL_SETS,
        readyPostcondition = StatefulSetReady.class, dependsOn = {"namenode", "datanode-service"}),
    @Dependent(name = "spark-serviceaccount", type = SparkServiceAccountDependent.class,
        useEventSourceWithName = SERVICE_ACCOUNTS),
    @Dependent(name = "spark-role", type = SparkRoleDependent.class, useEventSourceWithName = ROLES),
    @Dependent(name = "spark-rolebinding", type = SparkRoleBindingDependent.class, useEventSourceWithName = ROLE_BINDINGS,
        dependsOn = {"spark-serviceaccount", "spark-role"}),
    // The API retries Kafka itself: not waiting for the topic keeps a topic change from blocking API roll-outs.
    @Dependent(name = "game-api", type = GameApiDependent.class, useEventSourceWithName = DEPLOYMENTS,
        reconcilePrecondition = GameApiEnabled.class),
    @Dependent(name = "game-api-service", type = GameApiServiceDependent.class, useEventSourceWithName = SERVICES,
        reconcilePrecondition = GameApiEnabled.class),
    @Dependent(name = "game-api-ingress", type = GameApiIngressDependent.class, useEventSourceWithName = INGRESSES,
        reconcilePrecondition = IngressWanted.class, dependsOn = "game-api-service"),
    // Policies and budgets depend on nothing: a policy in place before its pods start leaves no open window.
    @Dependent(name = "kafka-network-policy", type = KafkaNetworkPolicyDependent.class,
        useEventSourceWithName = NETWORK_POLICIES, reconcilePrecondition = NetworkPoliciesWanted.class),
    @Dependent(name = "zookeeper-network-policy", type = ZooKeeperNetworkPolicyDependent.class,
        useEventSourceWithName = NETWORK_POLICIES, reconcilePrecondition = ZooKeeperNetworkPolicyWanted.class),
    @Dependent(name = "hdfs-network-policy", type = HdfsNetworkPolicyDependent.class,
        useEventSourceWithName = NETWORK_POLICIES, reconcilePrecondition = NetworkPoliciesWanted.class),
    @Dependent(name = "game-api-network-policy", type = GameApiNetworkPolicyDependent.class,
        useEventSourceWithName = NETWORK_POLICIES, reconcilePrecondition = GameApiNetworkPolicyWanted.class),
    @Dependent(name = "zookeeper-disruption-budget", type = ZooKeeperBudgetDependent.class,
        useEventSourceWithName = DISRUPTION_BUDGETS, reconcilePrecondition = ZooKeeperBudgetWanted.class),
    @Dependent(name = "kafka-disruption-budget", type = KafkaBudgetDependent.class,
        useEventSourceWithName = DISRUPTION_BUDGETS, reconcilePrecondition = KafkaBudgetWanted.class),
    @Dependent(name = "datanode-disruption-budget", type = DataNodeBudgetDependent.class,
        useEventSourceWithName = DISRUPTION_BUDGETS, reconcilePrecondition = DataNodeBudgetWanted.class)
})
@ControllerConfiguration(name = GamePipelineReconciler.NAME)
public class GamePipelineReconciler implements Reconciler<GamePipeline> {
  public static final String NAME = "gamepipeline";
  public static final String RUNS_EVENT_SOURCE = "spark-runs";
  private static final Logger LOG = LoggerFactory.getLogger(GamePipelineReconciler.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** How often a pipeline looks again for the SparkApplication API while it is not served. */
  public static final Duration PREREQUISITE_RECHECK = Duration.ofSeconds(30);

  private final Clock clock;
  private final KubernetesEvents kubernetesEvents;
  private final SparkRunsWatch runsWatch;
  private final GameApiRoute route;
  private final Duration prerequisiteRecheck;
  private final PipelineMetrics metrics;
  private final FreshnessObserver freshnessObserver;
  private final Function<GamePipeline, FreshnessTarget> freshnessTargets;
  private final AtomicLong reconciliations = new AtomicLong();

  public GamePipelineReconciler() {
    this(Clock.systemUTC());
  }

  public GamePipelineReconciler(Clock clock) {
    this(clock, ServedResources.byDiscovery(), PREREQUISITE_RECHECK);
  }

  /** The production reconciler, reporting what each reconciliation changes to {@code metrics}. */
  public GamePipelineReconciler(PipelineMetrics metrics) {
    this(Clock.systemUTC(), ServedResources.byDiscovery(), PREREQUISITE_RECHECK, metrics);
  }

  public GamePipelineReconciler(Clock clock, ServedResources served, Duration prerequisiteRecheck) {
    this(clock, served, prerequisiteRecheck, PipelineMetrics.disabled());
  }

  /** {@code served} tells whether the SparkApplication and HTTPRoute APIs are there; {@code prerequisiteRecheck} how often to ask. */
  public GamePipelineReconciler(Clock clock, ServedResources served, Duration prerequisiteRecheck,
      PipelineMetrics metrics) {
    this(clock, served, prerequisiteRecheck, metrics, new DataPlaneFreshnessObserver(), FreshnessTarget::of);
  }

  /**
   * {@code freshnessObserver} measures the lag of the pipeline's data plane, found by {@code freshnessTargets}
   * (its own Services in the cluster, unless told otherwise).
   */
  public GamePipelineReconciler(Clock clock, ServedResources served, Duration prerequisiteRecheck,
      PipelineMetrics metrics, FreshnessObserver freshnessObserver,
      Function<GamePipeline, FreshnessTarget> freshnessTargets) {
    this.clock = clock;
    this.metrics = metrics;
    this.kubernetesEvents = new KubernetesEvents(clock);
    this.runsWatch = new SparkRunsWatch(served);
    this.route = new GameApiRoute(served);
    this.prerequisiteRecheck = prerequisiteRecheck;
    this.freshnessObserver = freshnessObserver;
    this.freshnessTargets = freshnessTargets;
  }

  /** How many reconciliations finished; for the steady-state test and for logs. */
  public long reconciliations() {
    return reconciliations.get();
  }

  @Override
  public List<EventSource<?, GamePipeline>> prepareEventSources(EventSourceContext<GamePipeline> context) {
    List<EventSource<?, GamePipeline>> sources = new ArrayList<>(OwnedInformers.create(context));
    sources.add(FreshnessPolling.eventSource(context, freshnessObserver, freshnessTargets));
    return sources;
  }

  @Override
  public UpdateControl<GamePipeline> reconcile(GamePipeline cr, Context<GamePipeline> context) {
    try {
      return doReconcile(cr, context);
    } finally {
      reconciliations.incrementAndGet();
    }
  }

  private UpdateControl<GamePipeline> doReconcile(GamePipeline cr, Context<GamePipeline> context) {
    Instant now = clock.instant();
    GamePipelineStatus previous = cr.getStatus() == null ? new GamePipelineStatus() : cr.getStatus();

    List<String> problems = SpecValidator.validate(cr);
    if (!problems.isEmpty()) {
      String message = "invalid spec: " + String.join("; ", problems);
      GamePipelineStatus next = StatusComputer.degraded(cr, previous, NextSteps.INVALID_SPEC, message, now);
      if (!sameCondition(previous, next, StatusComputer.DEGRADED)) {
        kubernetesEvents.warning(context.getClient(), cr, NextSteps.INVALID_SPEC, NextSteps.invalidSpec(cr, message));
      }
      return patchIfChanged(cr, previous, next);
    }

    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();

    // Runs are not dependents (their number varies): their informer exists once the spark-operator's API is served.
    boolean runsServed = runsWatch.ensure(context);
    Observation observation = Observation.of(cr,
        context.getSecondaryResources(StatefulSet.class),
        context.getSecondaryResources(Deployment.class),
        context.getSecondaryResources(Job.class),
        context.getSecondaryResources(GenericKubernetesResource.class));
    observation.staleTopicJobs().forEach(job -> context.getClient().resource(job).delete());

    RunPlan plan = runsServed
        ? RunPlanner.plan(cr, observation.sparkApplications(), now, observation.dataPlaneReady())
        : RunPlanner.withoutSparkApplications(cr, now);
    apply(plan, context);
    reportFailedRuns(cr, previous, plan, context);

    boolean routeServed = route.reconcile(cr, context.getClient());
    GamePipelineStatus next = StatusComputer.reconciled(cr, previous, observation, plan,
        new Prerequisites(runsServed, routeServed), JSON.asJson(cr.getSpec()), now);
    Freshness freshness = context.getSecondaryResource(Freshness.class).orElse(null);
    next.freshness = FreshnessStatus.figures(freshness);
    FreshnessStatus.condition(cr, previous, freshness, now).ifPresent(next.conditions::add);
    if (!runsServed && !sameCondition(previous, next, StatusComputer.RUNS_AVAILABLE)) {
      kubernetesEvents.warning(context.getClient(), cr, StatusComputer.SPARK_OPERATOR_MISSING,
          StatusComputer.find(next, StatusComputer.RUNS_AVAILABLE).getMessage());
    }
    if (!routeServed && !sameCondition(previous, next, StatusComputer.DEGRADED)) {
      kubernetesEvents.warning(context.getClient(), cr, StatusComputer.GATEWAY_API_MISSING,
          StatusComputer.GATEWAY_API_MISSING_MESSAGE);
    }
    reportReadiness(cr, previous, next, context);
    UpdateControl<GamePipeline> control = patchIfChanged(cr, previous, next);
    // Wake up just after the next schedule slot, even when nothing else changes. Without the SparkApplication API,
    // or the Gateway API a route needs, look again soon: installing a CRD wakes no pipeline up.
    var wakeUp = plan.wakeUp().map(at -> Duration.between(now, at).plusSeconds(1))
        .map(wait -> wait.isNegative() ? Duration.ofSeconds(1) : wait);
    if (!runsServed || !routeServed) {
      wakeUp = Optional.of(wakeUp.filter(wait -> wait.compareTo(prerequisiteRecheck) < 0).orElse(prerequisiteRecheck));
    }
    // Fresh turns False by the clock alone once the oldest event not landed passes maxAge.
    Optional<Duration> staleAt = FreshnessStatus.wakeUp(cr.getSpec().freshness, freshness, now);
    if (staleAt.isPresent() && (wakeUp.isEmpty() || staleAt.get().compareTo(wakeUp.get()) < 0)) {
      wakeUp = staleAt;
    }
    wakeUp.ifPresent(control::rescheduleAfter);
    return control;
  }

  private static void apply(RunPlan plan, Context<GamePipeline> context) {
    for (GenericKubernetesResource run : plan.toCreate()) {
      try {
        context.getClient().resource(run).create();
        LOG.info("started run {}", run.getMetadata().getName());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) { // 409: created by an earlier reconciliation, not yet in the cache
          throw new GamePipelineException("RunSubmissionFailed", "could not create SparkApplication "
              + run.getMetadata().getName() + " (is the spark-operator installed?): " + e.getMessage(), e);
        }
      }
    }
    plan.toDelete().forEach(run -> context.getClient().resource(run).delete());
  }

  private void reportFailedRuns(GamePipeline cr, GamePipelineStatus previous, RunPlan plan,
      Context<GamePipeline> context) {
    Map<String, String> before = previous.runs.stream()
        .collect(Collectors.toMap(r -> r.name, r -> r.state, (a, b) -> a));
    for (RunStatus run : plan.runs()) {
      if (StatusComputer.failed(run) && !Objects.equals(before.get(run.name), run.state)) {
        kubernetesEvents.warning(context.getClient(), cr, NextSteps.RUN_FAILED, NextSteps.runFailed(cr, run));
      }
    }
  }

  /** An Event when the pipeline turns Ready (where to send events), and when a Ready pipeline stops being ready. */
  private void reportReadiness(GamePipeline cr, GamePipelineStatus previous, GamePipelineStatus next,
      Context<GamePipeline> context) {
    NextSteps.readinessChange(cr, previous, next).ifPresent(note -> {
      if (note.warning()) {
        kubernetesEvents.warning(context.getClient(), cr, note.reason(), note.message());
      } else {
        kubernetesEvents.normal(context.getClient(), cr, note.reason(), note.message());
      }
    });
  }

  private static boolean sameCondition(GamePipelineStatus previous, GamePipelineStatus next, String type) {
    var before = StatusComputer.find(previous, type);
    var after = StatusComputer.find(next, type);
    return before != null && after != null && Objects.equals(before.getStatus(), after.getStatus())
        && Objects.equals(before.getMessage(), after.getMessage());
  }

  /** Writes the status only when it differs: re-reconciling an unchanged CR writes nothing. */
  private UpdateControl<GamePipeline> patchIfChanged(GamePipeline cr, GamePipelineStatus previous,
      GamePipelineStatus next) {
    metrics.reconciled(cr, previous, next, clock.instant());
    if (JSON.asJson(previous).equals(JSON.asJson(next))) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(statusOnly(cr, next));
  }

  /**
   * The status on an object that names only the pipeline. Applied without a resourceVersion, the write does not
   * take an optimistic lock: a user's concurrent spec edit no longer turns it into a 409 and a failed reconciliation
   * (the spec change triggers the next reconciliation anyway).
   */
  static GamePipeline statusOnly(GamePipeline cr, GamePipelineStatus status) {
    GamePipeline patch = new GamePipeline();
    patch.setMetadata(new ObjectMetaBuilder().withName(cr.getMetadata().getName())
        .withNamespace(cr.getMetadata().getNamespace()).build());
    patch.setSpec(null);
    patch.setStatus(status);
    return patch;
  }

  @Override
  public ErrorStatusUpdateControl<GamePipeline> updateErrorStatus(GamePipeline cr, Context<GamePipeline> context,
      Exception e) {
    if (isConflict(e)) {
      // Another writer was first (a user's edit, the garbage collector): not a failure, the retry reads anew.
      LOG.debug("reconciling {}/{} met a conflict; retried", cr.getMetadata().getNamespace(), cr.getMetadata().getName());
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    String message = describe(e);
    String reason = e instanceof GamePipelineException known ? known.reason() : "ReconcileFailed";
    LOG.warn("reconciling {}/{} failed: {}", cr.getMetadata().getNamespace(), cr.getMetadata().getName(), message);
    GamePipelineStatus previous = cr.getStatus() == null ? new GamePipelineStatus() : cr.getStatus();
    GamePipelineStatus next = StatusComputer.degraded(cr, previous, reason, message, clock.instant());
    if (!sameCondition(previous, next, StatusComputer.DEGRADED)) {
      kubernetesEvents.warning(context.getClient(), cr, reason, NextSteps.reconcileFailed(message));
    }
    metrics.reconciled(cr, previous, next, clock.instant());
    return ErrorStatusUpdateControl.patchStatus(statusOnly(cr, next));
  }

  private static boolean isConflict(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof KubernetesClientException client && client.getCode() == 409) {
        return true;
      }
    }
    return false;
  }

  /** The workflow aggregates one exception per failed dependent: name them all. */
  static String describe(Exception e) {
    if (e instanceof AggregatedOperatorException aggregated) {
      return aggregated.getAggregatedExceptions().entrySet().stream()
          .map(entry -> entry.getKey() + ": " + rootMessage(entry.getValue()))
          .collect(Collectors.joining("; "));
    }
    return e instanceof GamePipelineException ? e.getMessage() : rootMessage(e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
