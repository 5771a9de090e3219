package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gamepipe.operator.builders.Labels;
import io.gamepipe.operator.builders.SparkApplicationBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informer on the runs (SparkApplications), registered only once the API server serves them: the operator
 * starts and reconciles everything else without the spark-operator's CRD, and picks the CRD up when it appears,
 * without a restart. A watch on a kind that is not served would fail (list answers 404).
 */
final class SparkRunsWatch {
  static final String NAME = GamePipelineReconciler.RUNS_EVENT_SOURCE;
  private static final Logger LOG = LoggerFactory.getLogger(SparkRunsWatch.class);

  private final ServedResources served;
  private volatile boolean watching;

  SparkRunsWatch(ServedResources served) {
    this.served = served;
  }

  /** True when the runs are watched (registering the informer the first time the API serves them). */
  boolean ensure(Context<GamePipeline> context) {
    if (watching) {
      return true;
    }
    if (!served.serves(context.getClient(), SparkApplicationBuilder.API_VERSION, SparkApplicationBuilder.PLURAL)) {
      return false;
    }
    EventSourceRetriever<GamePipeline> sources = context.eventSourceRetriever();
    try {
      sources.dynamicallyRegisterEventSource(informer(sources));
    } catch (RuntimeException e) {
      // E.g. the CRD was deleted again between discovery and the first list: try again on the next reconcile.
      sources.dynamicallyDeRegisterEventSource(NAME);
      LOG.warn("could not start watching {}: {}", SparkApplicationBuilder.API_VERSION, e.getMessage());
      return false;
    }
    watching = true;
    LOG.info("{} is served: watching runs", SparkApplicationBuilder.API_VERSION);
    return true;
  }

  private static InformerEventSource<GenericKubernetesResource, GamePipeline> informer(
      EventSourceRetriever<GamePipeline> sources) {
    return new InformerEventSource<>(InformerEventSourceConfiguration
        .from(new GroupVersionKind(SparkApplicationBuilder.GROUP, SparkApplicationBuilder.VERSION,
            SparkApplicationBuilder.KIND), GamePipeline.class)
        .withName(NAME)
        // Same namespaces as the GamePipelines: a namespaced install needs no cluster-wide watch.
        .withNamespacesInheritedFromController()
        .withLabelSelector(Labels.SELECTOR)
        .build(), sources.eventSourceContextForDynamicRegistration());
  }
}
