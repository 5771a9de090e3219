package io.gamepipe.operator.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus.Phase;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What the integration tests do as a user (with admin rights) on the real cluster. */
final class ClusterSupport {
  /** Generous: the controllers, the scheduler and kwok each take their turn on two shared cores. */
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final ResourceDefinitionContext SPARK_APPS = new ResourceDefinitionContext.Builder()
      .withGroup("sparkoperator.k8s.io").withVersion("v1beta2").withKind("SparkApplication")
      .withPlural("sparkapplications").withNamespaced(true).build();

  private final KubernetesClient admin;

  ClusterSupport(KubernetesClient admin) {
    this.admin = admin;
  }

  void createNamespace(String name) {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  GamePipeline get(String namespace, String name) {
    return admin.resources(GamePipeline.class).inNamespace(namespace).withName(name).get();
  }

  GamePipeline awaitPhase(String namespace, String name, Phase phase) {
    return await().atMost(TIMEOUT).until(() -> get(namespace, name),
        p -> p != null && p.getStatus() != null && p.getStatus().phase == phase);
  }

  /** Like kubectl edit: read, change, write; again on a conflict with the operator's status writes. */
  GamePipeline edit(String namespace, String name, Consumer<GamePipeline> change) {
    return retryOnConflict(() -> admin.resources(GamePipeline.class).inNamespace(namespace).withName(name)
        .edit(p -> {
          change.accept(p);
          return p;
        }));
  }

  static <T> T retryOnConflict(Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  List<GenericKubernetesResource> sparkApplications(String namespace) {
    return admin.genericKubernetesResources(SPARK_APPS).inNamespace(namespace).list().getItems();
  }

  GenericKubernetesResource sparkApplication(String namespace, String name) {
    return admin.genericKubernetesResources(SPARK_APPS).inNamespace(namespace).withName(name).get();
  }

  /** Plays the spark-operator: reports a run's state the way it does, in status.applicationState. */
  void setRunState(String namespace, String name, String state, String error) {
    retryOnConflict(() -> admin.genericKubernetesResources(SPARK_APPS).inNamespace(namespace).withName(name)
        .editStatus(app -> {
          Map<String, Object> applicationState = new LinkedHashMap<>();
          applicationState.put("state", state);
          if (error != null) {
            applicationState.put("errorMessage", error);
          }
          app.getAdditionalProperties().put("status", Map.of("applicationState", applicationState));
          return app;
        }));
  }
}
