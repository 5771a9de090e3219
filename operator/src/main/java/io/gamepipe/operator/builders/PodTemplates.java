package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.gamepipe.operator.crd.GamePipeline;
import java.util.LinkedHashMap;
import java.util.Map;

/** Pieces of every component's pods: pod spec, security contexts, ports, environment, probes. */
public final class PodTemplates {
  /** uid/gid of the official images' service users (apache/kafka appuser, apache/hadoop hadoop, zookeeper). */
  public static final long UID = 1000L;
  public static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

  private PodTemplates() {
  }

  /** Pod spec with one container: non-root, and the pipeline's node selector and tolerations. */
  public static PodSpec podSpec(GamePipeline cr, Container container, Volume... volumes) {
    return new PodSpecBuilder()
        .withSecurityContext(podSecurity())
        .withNodeSelector(nodeSelector(cr))
        .withTolerations(cr.getSpec().pod.tolerations)
        .withContainers(container)
        .withVolumes(volumes)
        .build();
  }

  /**
   * Replicas of one component prefer different nodes (one node lost takes one member of a quorum, one copy of the
   * data), softly: on fewer nodes than replicas the pods still schedule.
   */
  public static TopologySpreadConstraint spreadOverNodes(GamePipeline cr, String component) {
    return new TopologySpreadConstraintBuilder()
        .withMaxSkew(1)
        .withTopologyKey(HOSTNAME_TOPOLOGY)
        .withWhenUnsatisfiable("ScheduleAnyway")
        .withNewLabelSelector().withMatchLabels(Labels.selector(cr, component)).endLabelSelector()
        .build();
  }

  public static PodSecurityContext podSecurity() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(UID)
        .withRunAsGroup(UID)
        .withFsGroup(UID)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  public static SecurityContext containerSecurity() {
    Capabilities dropAll = new CapabilitiesBuilder().withDrop("ALL").build();
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withCapabilities(dropAll)
        .build();
  }

  public static Map<String, String> nodeSelector(GamePipeline cr) {
    return new LinkedHashMap<>(cr.getSpec().pod.nodeSelector);
  }

  public static ContainerPort port(String name, int port) {
    return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
  }

  public static EnvVar env(String name, Object value) {
    return new EnvVarBuilder().withName(name).withValue(String.valueOf(value)).build();
  }

  public static Probe tcpProbe(int port, int initialDelaySeconds) {
    return new ProbeBuilder()
        .withNewTcpSocket().withNewPort(port).endTcpSocket()
        .withInitialDelaySeconds(initialDelaySeconds)
        .withPeriodSeconds(10)
        .withTimeoutSeconds(5)
        .withFailureThreshold(6)
        .build();
  }

  public static Probe httpProbe(String path, int port, int initialDelaySeconds) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withNewPort(port).endHttpGet()
        .withInitialDelaySeconds(initialDelaySeconds)
        .withPeriodSeconds(10)
        .withTimeoutSeconds(5)
        .withFailureThreshold(6)
        .build();
  }
}
