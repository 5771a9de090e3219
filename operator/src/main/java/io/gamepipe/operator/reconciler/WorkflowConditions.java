package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.gamepipe.operator.builders.DisruptionBudgets;
import io.gamepipe.operator.builders.GameApiBuilder;
import io.gamepipe.operator.builders.NetworkPolicies;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The JOSDK workflow's conditions on dependents (not the status conditions: those are {@link StatusComputer}'s).
 * Reconcile preconditions decide whether an object should exist: a failed one deletes it (e.g. ZooKeeper after a
 * switch to KRaft). Ready postconditions hold back the dependents that depend on an object until it is ready.
 */
public final class WorkflowConditions {
  private WorkflowConditions() {
  }

  /** A condition read from the spec alone. */
  private abstract static class SpecCondition implements Condition<Object, GamePipeline> {
    abstract boolean holds(GamePipeline cr);

    @Override
    public boolean isMet(DependentResource<Object, GamePipeline> dependent, GamePipeline cr,
        Context<GamePipeline> context) {
      return holds(cr);
    }
  }

  public static class ZooKeeperMode extends SpecCondition {
    @Override
    boolean holds(GamePipeline cr) {
      return cr.getSpec().kafka.mode == KafkaMode.ZooKeeper;
    }
  }

  public static class GameApiEnabled extends SpecCondition {
    @Override
    boolean holds(GamePipeline cr) {
      return cr.getSpec().gameApi.enabled;
    }
  }

  public static class IngressWanted extends SpecCondition {
    @Override
    boolean holds(GamePipeline cr) {
      return GameApiBuilder.wantsIngress(cr);
    }
  }

  public static class NetworkPoliciesWanted extends SpecCondition {
    @Override
    boolean holds(GamePipeline cr) {
      return NetworkPolicies.wanted(cr);
    }
  }

  public static class ZooKeeperNetworkPolicyWanted extends SpecCondition {
    @Override
    boolean holds(GamePipeline cr) {
      return NetworkPolicies.wantedForZooKeeper(cr);
    }
  }

  public static class GameApiNetworkPolicyWanted extends SpecCondition {
    @Override
    boolean holds(GamePipeline cr) {
      return NetworkPolicies.wantedForGameApi(cr);
    }
  }

  /** Budgets exist only where a pod may be spared: one allowing none would block every drain. */
  public static class ZooKeeperBudgetWanted extends SpecCondition {
    @Override
    boolean holds(GamePipeline cr) {
      return cr.getSpec().kafka.mode == KafkaMode.ZooKeeper && DisruptionBudgets.zooKeeperAllowed(cr) > 0;
    }
  }

  public static class KafkaBudgetWanted extends SpecCondition {
    @Override
    boolean holds(GamePipeline cr) {
      return DisruptionBudgets.kafkaAllowed(cr) > 0;
    }
  }

  public static class DataNodeBudgetWanted extends SpecCondition {
    @Override
    boolean holds(GamePipeline cr) {
      return DisruptionBudgets.dataNodesAllowed(cr) > 0;
    }
  }

  public static class StatefulSetReady implements Condition<StatefulSet, GamePipeline> {
    @Override
    public boolean isMet(DependentResource<StatefulSet, GamePipeline> dependent, GamePipeline cr,
        Context<GamePipeline> context) {
      return dependent.getSecondaryResource(cr, context).map(Observation::ready).orElse(false);
    }
  }

  public static class JobSucceeded implements Condition<Job, GamePipeline> {
    @Override
    public boolean isMet(DependentResource<Job, GamePipeline> dependent, GamePipeline cr,
        Context<GamePipeline> context) {
      return dependent.getSecondaryResource(cr, context).map(Observation::succeeded).orElse(false);
    }
  }
}
