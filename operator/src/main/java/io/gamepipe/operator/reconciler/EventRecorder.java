package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gamepipe.operator.crd.GamePipeline;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on the GamePipeline, for failures a user should see in {@code kubectl describe}. */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  public static final String SOURCE = "gamepipe-operator";

  private EventRecorder() {
  }

  public static void warning(KubernetesClient client, GamePipeline cr, String reason, String message) {
    String now = Instant.now().toString();
    var event = new EventBuilder()
        .withNewMetadata()
        .withName(cr.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
        .withNamespace(cr.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(cr.getApiVersion())
            .withKind(cr.getKind())
            .withName(cr.getMetadata().getName())
            .withNamespace(cr.getMetadata().getNamespace())
            .withUid(cr.getMetadata().getUid())
            .build())
        .withType("Warning")
        .withReason(reason)
        .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(SOURCE).endSource()
        .build();
    try {
      client.v1().events().inNamespace(cr.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy: never fail a reconcile for it.
      LOG.warn("could not record event {} on {}: {}", reason, cr.getMetadata().getName(), e.getMessage());
    }
  }
}
