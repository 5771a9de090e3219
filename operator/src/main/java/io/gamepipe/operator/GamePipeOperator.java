package io.gamepipe.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gamepipe.operator.reconciler.GamePipelineReconciler;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

/** Builds the operator the same way in production and in the tests; only {@link OperatorSettings} differ. */
public final class GamePipeOperator {
  private GamePipeOperator() {
  }

  public static Operator create(KubernetesClient client, OperatorSettings settings, GamePipelineReconciler reconciler) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withSSABasedCreateUpdateMatchForDependentResources(settings.serverSideApply())
          .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
          .withCloseClientOnStop(false);
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(settings.leaseName(),
            settings.leaseNamespace(), LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
            LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
            LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, null, null, settings.exitOnLeadershipLoss()));
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
    return operator;
  }
}
