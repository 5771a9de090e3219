package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicyBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineSpec.DeletionPolicy;
import io.gamepipe.operator.crd.StorageSpec;
import java.util.Map;

/** The StatefulSets of ZooKeeper, Kafka and HDFS: one container, one data claim per pod, parallel start, spread over nodes. */
public final class StatefulSets {
  public static final String DATA_VOLUME = "data";

  private StatefulSets() {
  }

  /** A StatefulSet with one container, one data claim per pod and the pipeline's pod settings. */
  public static StatefulSet of(GamePipeline cr, String name, String component, String serviceName,
      int replicas, Container container, StorageSpec storage, Map<String, String> podAnnotations, Volume... volumes) {
    return new StatefulSetBuilder()
        .withMetadata(Ownership.meta(cr, name, component))
        .withNewSpec()
        .withServiceName(serviceName)
        .withReplicas(replicas)
        // Quorums (KRaft, ZooKeeper) only become ready once every member runs: start pods together.
        .withPodManagementPolicy("Parallel")
        .withNewSelector().withMatchLabels(Labels.selector(cr, component)).endSelector()
        .withPersistentVolumeClaimRetentionPolicy(retention(cr))
        .withNewTemplate()
        .withNewMetadata().withLabels(Labels.of(cr, component)).withAnnotations(podAnnotations).endMetadata()
        .withSpec(new PodSpecBuilder(PodTemplates.podSpec(cr, container, volumes))
            .withTopologySpreadConstraints(PodTemplates.spreadOverNodes(cr, component)).build())
        .endTemplate()
        .withVolumeClaimTemplates(claim(cr, component, storage))
        .endSpec()
        .build();
  }

  /** The claim template: one volume named {@link #DATA_VOLUME} per pod. */
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
}
