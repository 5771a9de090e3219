package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Whether the API server serves a kind of resource (its CRD is installed and established). A seam: the operator
 * asks API discovery, tests may answer themselves.
 */
@FunctionalInterface
public interface ServedResources {
  boolean serves(KubernetesClient client, String groupVersion, String plural);

  /**
   * Asks API discovery ({@code GET /apis/<group>/<version>}), which every authenticated account may read (the
   * system:discovery role), so no RBAC rule is needed, cluster-wide or namespaced. A group version that is not
   * served answers 404.
   */
  static ServedResources byDiscovery() {
    return (client, groupVersion, plural) -> {
      try {
        APIResourceList resources = client.getApiResources(groupVersion);
        return resources != null && resources.getResources().stream().anyMatch(r -> plural.equals(r.getName()));
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return false;
        }
        throw e;
      }
    };
  }
}
