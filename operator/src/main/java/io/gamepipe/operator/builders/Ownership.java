package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.gamepipe.operator.crd.GamePipeline;

/**
 * What makes an object the pipeline's: its labels and a controller owner reference, so that the garbage collector
 * removes it with the GamePipeline (no finalizer) and the informers (label-filtered) see it.
 */
public final class Ownership {
  private Ownership() {
  }

  private static OwnerReference owner(GamePipeline cr) {
    return new OwnerReferenceBuilder()
        .withApiVersion(cr.getApiVersion())
        .withKind(cr.getKind())
        .withName(cr.getMetadata().getName())
        .withUid(cr.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(false)
        .build();
  }

  /** Name, namespace, the app.kubernetes.io labels and the controller owner reference every owned object carries. */
  public static ObjectMeta meta(GamePipeline cr, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(cr.getMetadata().getNamespace())
        .withLabels(Labels.of(cr, component))
        .withOwnerReferences(owner(cr))
        .build();
  }
}
