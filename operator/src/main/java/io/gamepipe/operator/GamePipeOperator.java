package io.gamepipe.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.gamepipe.operator.reconciler.GamePipelineReconciler;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.concurrent.atomic.AtomicBoolean;

/** Builds the operator the same way in production and in the tests; only {@link OperatorSettings} differ. */
public final class GamePipeOperator {
  private final Operator operator;
  private final boolean leaderElection;
  private final AtomicBoolean leading = new AtomicBoolean();

  private GamePipeOperator(KubernetesClient client, OperatorSettings settings, GamePipelineReconciler reconciler,
      Metrics metrics) {
    leaderElection = settings.leaderElection();
    operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withMetrics(metrics)
          .withSSABasedCreateUpdateMatchForDependentResources(settings.serverSideApply())
          .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
          .withCloseClientOnStop(false);
      if (settings.leaderElection()) {
        var callbacks = new LeaderCallbacks(() -> leading.set(true), () -> leading.set(false), leader -> { });
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(settings.leaseName(),
            settings.leaseNamespace(), LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
            LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
            LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, null, callbacks,
            settings.exitOnLeadershipLoss()));
      }
    });
    operator.register(reconciler, overrider -> {
      if (settings.namespaces().isEmpty()) {
        overrider.watchingAllNamespaces();
      } else if (settings.namespaces().contains(OperatorSettings.WATCH_CURRENT)) {
        overrider.watchingOnlyCurrentNamespace();
      } else {
        overrider.settingNamespaces(settings.namespaces());
      }
    });
  }

  public static GamePipeOperator create(KubernetesClient client, OperatorSettings settings,
      GamePipelineReconciler reconciler) {
    return create(client, settings, reconciler, Metrics.NOOP);
  }

  /** {@code metrics} receives JOSDK's reconciliation metrics ({@code OperatorMetrics.josdk()}). */
  public static GamePipeOperator create(KubernetesClient client, OperatorSettings settings,
      GamePipelineReconciler reconciler, Metrics metrics) {
    return new GamePipeOperator(client, settings, reconciler, metrics);
  }

  public Operator operator() {
    return operator;
  }

  public boolean leading() {
    return leading.get();
  }

  /**
   * Ready to serve: the leader once its informers are healthy; a standby at once, since it watches nothing
   * until it leads (otherwise a rolling update with one replica would wait for ever on the new pod).
   */
  public boolean ready() {
    if (leaderElection && !leading.get()) {
      return true;
    }
    return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }
}
