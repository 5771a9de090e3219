package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gamepipe.operator.builders.GameApiBuilder;
import io.gamepipe.operator.builders.Hashes;
import io.gamepipe.operator.builders.Names;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineSpec;
import java.util.Objects;

/**
 * The API's HTTPRoute, kept by hand rather than as a workflow dependent: a dependent's informer would need the
 * Gateway API CRDs before the operator starts, and most pipelines never ask for a route. Asked for, it is created
 * or updated when its spec hash changed; not asked for, an existing one is deleted. Owner references remove it with
 * the GamePipeline.
 */
final class GameApiRoute {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private final ServedResources served;

  GameApiRoute(ServedResources served) {
    this.served = served;
  }

  /** Applies what the spec asks; false when it asks for a route but the Gateway API is not served. */
  boolean reconcile(GamePipeline cr, KubernetesClient client) {
    var routes = client.resources(HTTPRoute.class).inNamespace(cr.getMetadata().getNamespace());
    if (!GameApiBuilder.wantsHttpRoute(cr)) {
      if (!askedForLastTime(cr)) {
        return true; // most pipelines never ask for a route: no GET on every reconciliation
      }
      // A GET on a kind that is not served answers 404, read as "none".
      HTTPRoute existing = routes.withName(Names.gameApi(cr)).get();
      if (existing != null && ownedBy(existing, cr)) {
        routes.resource(existing).delete();
      }
      return true;
    }
    if (!served.serves(client, GameApiBuilder.HTTP_ROUTE_API_VERSION, GameApiBuilder.HTTP_ROUTE_PLURAL)) {
      return false;
    }
    HTTPRoute desired = GameApiBuilder.httpRoute(cr);
    HTTPRoute existing = routes.withName(Names.gameApi(cr)).get();
    if (existing == null) {
      routes.resource(desired).create();
    } else if (!Objects.equals(hash(existing), hash(desired))
        || !Objects.equals(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())) {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      routes.resource(desired).update();
    }
    return true;
  }

  /** Whether the spec last applied (status.lastReconciledSpec) asked for a route, which may then still exist. */
  static boolean askedForLastTime(GamePipeline cr) {
    if (cr.getStatus() == null || cr.getStatus().lastReconciledSpec == null) {
      return true; // unknown: look
    }
    GamePipeline last = new GamePipeline();
    last.setMetadata(cr.getMetadata());
    last.setSpec(JSON.unmarshal(cr.getStatus().lastReconciledSpec, GamePipelineSpec.class));
    return GameApiBuilder.wantsHttpRoute(last);
  }

  private static String hash(HTTPRoute route) {
    var annotations = route.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Hashes.CONFIG_HASH);
  }

  private static boolean ownedBy(HTTPRoute route, GamePipeline cr) {
    return route.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> Objects.equals(ref.getUid(), cr.getMetadata().getUid()));
  }
}
