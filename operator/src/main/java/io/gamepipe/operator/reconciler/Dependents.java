package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.gamepipe.operator.builders.DisruptionBudgets;
import io.gamepipe.operator.builders.GameApiBuilder;
import io.gamepipe.operator.builders.HdfsBuilder;
import io.gamepipe.operator.builders.KafkaBuilder;
import io.gamepipe.operator.builders.NetworkPolicies;
import io.gamepipe.operator.builders.SparkRbacBuilder;
import io.gamepipe.operator.builders.TopicBuilder;
import io.gamepipe.operator.builders.ZooKeeperBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * One dependent resource per owned object, each only naming its builder. They read the informers of
 * {@link OwnedInformers}, one per type (see the workflow in {@link GamePipelineReconciler}). Owner references make the
 * objects garbage collected with the CR: no finalizer.
 */
public final class Dependents {
  private Dependents() {
  }

  public static class ZooKeeperServiceDependent extends CRUDKubernetesDependentResource<Service, GamePipeline> {
    @Override
    protected Service desired(GamePipeline cr, Context<GamePipeline> context) {
      return ZooKeeperBuilder.headlessService(cr);
    }
  }

  public static class ZooKeeperDependent extends CRUDKubernetesDependentResource<StatefulSet, GamePipeline> {
    @Override
    protected StatefulSet desired(GamePipeline cr, Context<GamePipeline> context) {
      return ZooKeeperBuilder.statefulSet(cr);
    }
  }

  public static class KafkaHeadlessServiceDependent extends CRUDKubernetesDependentResource<Service, GamePipeline> {
    @Override
    protected Service desired(GamePipeline cr, Context<GamePipeline> context) {
      return KafkaBuilder.headlessService(cr);
    }
  }

  public static class KafkaBootstrapServiceDependent extends CRUDKubernetesDependentResource<Service, GamePipeline> {
    @Override
    protected Service desired(GamePipeline cr, Context<GamePipeline> context) {
      return KafkaBuilder.bootstrapService(cr);
    }
  }

  public static class KafkaDependent extends CRUDKubernetesDependentResource<StatefulSet, GamePipeline> {
    @Override
    protected StatefulSet desired(GamePipeline cr, Context<GamePipeline> context) {
      return KafkaBuilder.statefulSet(cr);
    }
  }

  public static class TopicJobDependent extends CRUDKubernetesDependentResource<Job, GamePipeline> {
    @Override
    protected Job desired(GamePipeline cr, Context<GamePipeline> context) {
      return TopicBuilder.job(cr);
    }
  }

  public static class HdfsConfigDependent extends CRUDKubernetesDependentResource<ConfigMap, GamePipeline> {
    @Override
    protected ConfigMap desired(GamePipeline cr, Context<GamePipeline> context) {
      return HdfsBuilder.configMap(cr);
    }
  }

  public static class NameNodeServiceDependent extends CRUDKubernetesDependentResource<Service, GamePipeline> {
    @Override
    protected Service desired(GamePipeline cr, Context<GamePipeline> context) {
      return HdfsBuilder.nameNodeService(cr);
    }
  }

  public static class NameNodeDependent extends CRUDKubernetesDependentResource<StatefulSet, GamePipeline> {
    @Override
    protected StatefulSet desired(GamePipeline cr, Context<GamePipeline> context) {
      return HdfsBuilder.nameNodeStatefulSet(cr);
    }
  }

  public static class DataNodeServiceDependent extends CRUDKubernetesDependentResource<Service, GamePipeline> {
    @Override
    protected Service desired(GamePipeline cr, Context<GamePipeline> context) {
      return HdfsBuilder.dataNodeService(cr);
    }
  }

  public static class DataNodeDependent extends CRUDKubernetesDependentResource<StatefulSet, GamePipeline> {
    @Override
    protected StatefulSet desired(GamePipeline cr, Context<GamePipeline> context) {
      return HdfsBuilder.dataNodeStatefulSet(cr);
    }
  }

  public static class SparkServiceAccountDependent extends CRUDKubernetesDependentResource<ServiceAccount, GamePipeline> {
    @Override
    protected ServiceAccount desired(GamePipeline cr, Context<GamePipeline> context) {
      return SparkRbacBuilder.serviceAccount(cr);
    }
  }

  public static class SparkRoleDependent extends CRUDKubernetesDependentResource<Role, GamePipeline> {
    @Override
    protected Role desired(GamePipeline cr, Context<GamePipeline> context) {
      return SparkRbacBuilder.role(cr);
    }
  }

  public static class SparkRoleBindingDependent extends CRUDKubernetesDependentResource<RoleBinding, GamePipeline> {
    @Override
    protected RoleBinding desired(GamePipeline cr, Context<GamePipeline> context) {
      return SparkRbacBuilder.roleBinding(cr);
    }
  }

  public static class GameApiDependent extends CRUDKubernetesDependentResource<Deployment, GamePipeline> {
    @Override
    protected Deployment desired(GamePipeline cr, Context<GamePipeline> context) {
      return GameApiBuilder.deployment(cr);
    }
  }

  public static class GameApiServiceDependent extends CRUDKubernetesDependentResource<Service, GamePipeline> {
    @Override
    protected Service desired(GamePipeline cr, Context<GamePipeline> context) {
      return GameApiBuilder.service(cr);
    }
  }

  public static class GameApiIngressDependent extends CRUDKubernetesDependentResource<Ingress, GamePipeline> {
    @Override
    protected Ingress desired(GamePipeline cr, Context<GamePipeline> context) {
      return GameApiBuilder.ingress(cr);
    }
  }

  public static class KafkaNetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, GamePipeline> {
    @Override
    protected NetworkPolicy desired(GamePipeline cr, Context<GamePipeline> context) {
      return NetworkPolicies.kafka(cr);
    }
  }

  public static class ZooKeeperNetworkPolicyDependent
      extends CRUDKubernetesDependentResource<NetworkPolicy, GamePipeline> {
    @Override
    protected NetworkPolicy desired(GamePipeline cr, Context<GamePipeline> context) {
      return NetworkPolicies.zooKeeper(cr);
    }
  }

  public static class HdfsNetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, GamePipeline> {
    @Override
    protected NetworkPolicy desired(GamePipeline cr, Context<GamePipeline> context) {
      return NetworkPolicies.hdfs(cr);
    }
  }

  public static class GameApiNetworkPolicyDependent
      extends CRUDKubernetesDependentResource<NetworkPolicy, GamePipeline> {
    @Override
    protected NetworkPolicy desired(GamePipeline cr, Context<GamePipeline> context) {
      return NetworkPolicies.gameApi(cr);
    }
  }

  public static class ZooKeeperBudgetDependent
      extends CRUDKubernetesDependentResource<PodDisruptionBudget, GamePipeline> {
    @Override
    protected PodDisruptionBudget desired(GamePipeline cr, Context<GamePipeline> context) {
      return DisruptionBudgets.zooKeeper(cr);
    }
  }

  public static class KafkaBudgetDependent extends CRUDKubernetesDependentResource<PodDisruptionBudget, GamePipeline> {
    @Override
    protected PodDisruptionBudget desired(GamePipeline cr, Context<GamePipeline> context) {
      return DisruptionBudgets.kafka(cr);
    }
  }

  public static class DataNodeBudgetDependent
      extends CRUDKubernetesDependentResource<PodDisruptionBudget, GamePipeline> {
    @Override
    protected PodDisruptionBudget desired(GamePipeline cr, Context<GamePipeline> context) {
      return DisruptionBudgets.dataNodes(cr);
    }
  }
}
