package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicyBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineSpec.DeletionPolicy;
import io.gamepipe.operator.crd.StorageSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Pieces every builder shares: metadata with owner reference, security contexts, probes, claims. */
public final class Pods {
  /** uid/gid of the official images' service users (apache/kafka appuser, apache/hadoop hadoop, zookeeper). */
  public static final long UID = 1000L;
  public static final String DATA_VOLUME = "data";
  public static final String CONFIG_HASH = "gamepipe.io/config-hash";

  private Pods() {
  }

  public static OwnerReference owner(GamePipeline cr) {
    return new OwnerReferenceBuilder()
        .withApiVersion(cr.getApiVersion())
        .withKind(cr.getKind())
        .withName(cr.getMetadata().getName())
        .withUid(cr.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(false)
        .build();
  }

  public static ObjectMeta meta(GamePipeline cr, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(cr.getMetadata().getNamespace())
        .withLabels(Labels.of(cr, component))
        .withOwnerReferences(owner(cr))
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

  public static ServicePort servicePort(String name, int port) {
    return new ServicePortBuilder().withName(name).withPort(port).withNewTargetPort(port).withProtocol("TCP").build();
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

  /** A headless Service governing a StatefulSet; pods are published before they are ready so peers can find each other. */
  public static Service headlessService(GamePipeline cr, String name, String component, boolean publishNotReady,
      ServicePort... ports) {
    return new ServiceBuilder()
        .withMetadata(meta(cr, name, component))
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
  public static Service clusterService(GamePipeline cr, String name, String component, ServicePort... ports) {
    return new ServiceBuilder()
        .withMetadata(meta(cr, name, component))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(cr, component))
        .withPorts(ports)
        .endSpec()
        .build();
  }

  public static PersistentVolumeClaim claim(GamePipeline cr, String component, StorageSpec storage) {
    var builder = new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(DATA_VOLUME).withLabels(Labels.of(cr, component)).endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources().addToRequests("storage", new Quantity(storage.size)).endResources();
    if (storage.storageClassName != null && !storage.storageClassName.isBlank()) {
      builder = builder.withStorageClassName(storage.storageClassName);
    }
    return builder.endSpec().build();
  }

  /** PVCs of StatefulSets outlive the CR unless the deletion policy says Delete; scaling down never drops data. */
  public static StatefulSetPersistentVolumeClaimRetentionPolicy retention(GamePipeline cr) {
    String whenDeleted = cr.getSpec().deletionPolicy == DeletionPolicy.Delete ? "Delete" : "Retain";
    return new StatefulSetPersistentVolumeClaimRetentionPolicyBuilder()
        .withWhenDeleted(whenDeleted)
        .withWhenScaled("Retain")
        .build();
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

  /** A StatefulSet with one container, one data claim per pod and the pipeline's pod settings. */
  public static StatefulSet statefulSet(GamePipeline cr, String name, String component, String serviceName,
      int replicas, Container container, StorageSpec storage, Map<String, String> podAnnotations, Volume... volumes) {
    return new StatefulSetBuilder()
        .withMetadata(meta(cr, name, component))
        .withNewSpec()
        .withServiceName(serviceName)
        .withReplicas(replicas)
        // Quorums (KRaft, ZooKeeper) only become ready once every member runs: start pods together.
        .withPodManagementPolicy("Parallel")
        .withNewSelector().withMatchLabels(Labels.selector(cr, component)).endSelector()
        .withPersistentVolumeClaimRetentionPolicy(retention(cr))
        .withNewTemplate()
        .withNewMetadata().withLabels(Labels.of(cr, component)).withAnnotations(podAnnotations).endMetadata()
        .withSpec(podSpec(cr, container, volumes))
        .endTemplate()
        .withVolumeClaimTemplates(claim(cr, component, storage))
        .endSpec()
        .build();
  }

  public static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
