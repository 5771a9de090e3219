package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gamepipe.operator.builders.Hashes;
import io.gamepipe.operator.crd.GamePipeline;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on the GamePipeline, for what a user should see in {@code kubectl describe}: failures, and the
 * pipeline turning Ready (messages: {@link NextSteps}). Aggregated as
 * client-go's event recorder does: the same warning (same pipeline, reason and message) is one Event whose
 * {@code count} and {@code lastTimestamp} grow, not a new object each time. Times come from the reconciler's clock.
 */
public final class KubernetesEvents {
  private static final String SOURCE = "gamepipe-operator";
  static final int MAX_MESSAGE = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEvents.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final int REMEMBERED = 4096;

  private final Clock clock;
  /** The count of each Event this process recorded, by name: repeats are counted without reading Events back. */
  private final Map<String, Integer> counts = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
      return size() > REMEMBERED;
    }
  });

  public KubernetesEvents(Clock clock) {
    this.clock = clock;
  }

  /** The Event's name: one per pipeline (its uid: a re-created pipeline starts afresh), reason and message. */
  static String name(GamePipeline cr, String reason, String message) {
    return cr.getMetadata().getName() + "." + Hashes.of(cr.getMetadata().getUid() + "\n" + reason + "\n" + message);
  }

  public void warning(KubernetesClient client, GamePipeline cr, String reason, String message) {
    record(client, cr, "Warning", reason, message);
  }

  /** Good news a person waits for (the pipeline turned Ready), with what to do next. */
  public void normal(KubernetesClient client, GamePipeline cr, String reason, String message) {
    record(client, cr, "Normal", reason, message);
  }

  private void record(KubernetesClient client, GamePipeline cr, String type, String reason, String message) {
    try {
      record(client.v1().events().inNamespace(cr.getMetadata().getNamespace()), cr, type, reason, message);
    } catch (KubernetesClientException e) {
      // An event is a courtesy: never fail a reconcile for it.
      LOG.warn("could not record event {} on {}: {}", reason, cr.getMetadata().getName(), e.getMessage());
    }
  }

  private void record(NonNamespaceOperation<Event, EventList, Resource<Event>> events, GamePipeline cr, String type,
      String reason, String message) {
    String name = name(cr, reason, message);
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    // A handle on the object itself: fabric8 would GET a patch's target given by name only (no get in the RBAC).
    Resource<Event> event = events.resource(event(cr, name, type, reason, message, now));
    Integer known = counts.get(name);
    if (known != null) {
      try {
        counts.put(name, patch(event, Map.of("count", known + 1, "lastTimestamp", now)));
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
        // Expired on the server (Events live an hour by default): record it afresh.
      }
    }
    try {
      event.create();
      counts.put(name, 1);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // Recorded by an earlier process (a restart, another leader): the answer to a patch tells its count.
      int before = patch(event, Map.of("lastTimestamp", now));
      counts.put(name, patch(event, Map.of("count", before + 1)));
    }
  }

  /** Merges these fields into the Event; its count afterwards. */
  private static int patch(Resource<Event> event, Map<String, Object> fields) {
    Event patched = event.patch(PatchContext.of(PatchType.JSON_MERGE), JSON.asJson(fields));
    return Objects.requireNonNullElse(patched.getCount(), 1);
  }

  private static Event event(GamePipeline cr, String name, String type, String reason, String message, String now) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(cr.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(cr.getApiVersion())
            .withKind(cr.getKind())
            .withName(cr.getMetadata().getName())
            .withNamespace(cr.getMetadata().getNamespace())
            .withUid(cr.getMetadata().getUid())
            .build())
        .withType(type)
        .withReason(reason)
        .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(SOURCE).endSource()
        .build();
  }
}
