package io.gamepipe.kubetest;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Plays the part of a cluster's storage provisioner (kind ships rancher's local-path-provisioner): each claim gets a
 * PersistentVolume made for it, pre-bound through its claimRef, so the real PV controller binds the pair and the
 * real scheduler can place the pod. Nothing is stored; kwok's pods never start a container.
 */
final class VolumeProvisioner implements AutoCloseable {
  private final KubernetesClient admin;
  private final SharedIndexInformer<PersistentVolumeClaim> informer;

  VolumeProvisioner(KubernetesClient admin) {
    this.admin = admin;
    this.informer = admin.persistentVolumeClaims().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(PersistentVolumeClaim claim) {
        provision(claim);
      }

      @Override
      public void onUpdate(PersistentVolumeClaim before, PersistentVolumeClaim claim) {
        provision(claim);
      }

      @Override
      public void onDelete(PersistentVolumeClaim claim, boolean unknownFinalState) {
        admin.persistentVolumes().withName(volumeName(claim)).delete();
      }
    });
  }

  static String volumeName(PersistentVolumeClaim claim) {
    return "pv-" + claim.getMetadata().getUid();
  }

  private void provision(PersistentVolumeClaim claim) {
    if (claim.getSpec().getVolumeName() != null || claim.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String name = volumeName(claim);
    PersistentVolume volume = new PersistentVolumeBuilder()
        .withNewMetadata().withName(name).addToLabels("gamepipe.io/test-volume", "true").endMetadata()
        .withNewSpec()
        .withCapacity(claim.getSpec().getResources().getRequests())
        .withAccessModes(claim.getSpec().getAccessModes())
        .withStorageClassName(claim.getSpec().getStorageClassName())
        .withVolumeMode(claim.getSpec().getVolumeMode())
        .withPersistentVolumeReclaimPolicy("Retain")
        .withNewHostPath().withPath("/var/lib/gamepipe-test/" + name).withType("DirectoryOrCreate").endHostPath()
        .withNewClaimRef().withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
        .withUid(claim.getMetadata().getUid()).endClaimRef()
        .endSpec()
        .build();
    try {
      admin.persistentVolumes().resource(volume).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) { // 409: already made on an earlier event
        throw e;
      }
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
