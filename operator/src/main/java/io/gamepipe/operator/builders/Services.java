package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.gamepipe.operator.crd.GamePipeline;

/** The Services of the components: headless ones governing StatefulSets, ClusterIP ones that clients address. */
public final class Services {
  private Services() {
  }

  public static ServicePort port(String name, int port) {
    return new ServicePortBuilder().withName(name).withPort(port).withNewTargetPort(port).withProtocol("TCP").build();
  }

  /** A headless Service governing a StatefulSet; pods are published before they are ready so peers can find each other. */
  public static Service headless(GamePipeline cr, String name, String component, boolean publishNotReady,
      ServicePort... ports) {
    return new ServiceBuilder()
        .withMetadata(Ownership.meta(cr, name, component))
        .withNewSpec()
        .withClusterIP("None")
        // Unset rather than false: the API server drops a false (omitempty), and server-side apply would then see a
        // difference on every reconciliation and patch the Service for ever (found by the steady-state test).
        .withPublishNotReadyAddresses(publishNotReady ? Boolean.TRUE : null)
        .withSelector(Labels.selector(cr, component))
        .withPorts(ports)
        .endSpec()
        .build();
  }

  /** A ClusterIP Service in front of a component's pods: what clients address. */
  public static Service clusterIp(GamePipeline cr, String name, String component, ServicePort... ports) {
    return new ServiceBuilder()
        .withMetadata(Ownership.meta(cr, name, component))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(cr, component))
        .withPorts(ports)
        .endSpec()
        .build();
  }
}
