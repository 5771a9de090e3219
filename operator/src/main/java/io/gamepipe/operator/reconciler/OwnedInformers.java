package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import io.gamepipe.operator.builders.Labels;
import io.gamepipe.operator.crd.GamePipeline;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;

/**
 * One informer per owned type, shared by every dependent of that type ({@code useEventSourceWithName}): one watch and
 * one cache of Services for the six Service dependents, not six. A dependent finds its object in the shared cache by
 * the name and namespace of its desired object (JOSDK's default). Only objects labelled managed-by=gamepipe-operator
 * are watched; each maps to its GamePipeline by owner reference.
 */
final class OwnedInformers {
  static final String SERVICES = "services";
  static final String STATEFUL_SETS = "statefulsets";
  static final String CONFIG_MAPS = "configmaps";
  static final String JOBS = "jobs";
  static final String DEPLOYMENTS = "deployments";
  static final String INGRESSES = "ingresses";
  static final String SERVICE_ACCOUNTS = "serviceaccounts";
  static final String ROLES = "roles";
  static final String ROLE_BINDINGS = "rolebindings";
  static final String NETWORK_POLICIES = "networkpolicies";
  static final String DISRUPTION_BUDGETS = "poddisruptionbudgets";

  private OwnedInformers() {
  }

  static List<EventSource<?, GamePipeline>> create(EventSourceContext<GamePipeline> context) {
    return List.of(
        informer(SERVICES, Service.class, context),
        informer(STATEFUL_SETS, StatefulSet.class, context),
        informer(CONFIG_MAPS, ConfigMap.class, context),
        informer(JOBS, Job.class, context),
        informer(DEPLOYMENTS, Deployment.class, context),
        informer(INGRESSES, Ingress.class, context),
        informer(SERVICE_ACCOUNTS, ServiceAccount.class, context),
        informer(ROLES, Role.class, context),
        informer(ROLE_BINDINGS, RoleBinding.class, context),
        informer(NETWORK_POLICIES, NetworkPolicy.class, context),
        informer(DISRUPTION_BUDGETS, PodDisruptionBudget.class, context));
  }

  private static <R extends HasMetadata> EventSource<?, GamePipeline> informer(String name, Class<R> type,
      EventSourceContext<GamePipeline> context) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, GamePipeline.class)
        .withName(name)
        // Same namespaces as the GamePipelines: a namespaced install needs no cluster-wide watch.
        .withNamespacesInheritedFromController()
        .withLabelSelector(Labels.SELECTOR)
        .build(), context);
  }
}
