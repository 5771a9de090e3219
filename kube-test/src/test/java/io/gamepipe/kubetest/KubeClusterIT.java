package io.gamepipe.kubetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The harness itself: what the operator's tests rely on from the cluster holds. */
@ExtendWith(KubeClusterExtension.class)
class KubeClusterIT {
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static KubeCluster cluster;
  static KubernetesClient admin;

  @BeforeAll
  static void start(KubeCluster kube) {
    cluster = kube;
    admin = kube.admin();
  }

  static void namespace(String name) {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  static PodTemplateSpec pod(String app) {
    return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", app).endMetadata()
        .withNewSpec().withContainers(new ContainerBuilder().withName("main").withImage("example/none:1")
            .withNewResources().addToRequests("cpu", new Quantity("100m")).endResources().build())
        .endSpec().build();
  }

  @Test
  void aDeploymentBecomesAvailableOnTheKwokNode() {
    namespace("deploy");
    admin.apps().deployments().inNamespace("deploy").resource(new DeploymentBuilder()
        .withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withTemplate(pod("web")).endSpec().build()).create();
    Deployment ready = await().atMost(TIMEOUT).until(
        () -> admin.apps().deployments().inNamespace("deploy").withName("web").get(),
        d -> d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getAvailableReplicas()));
    assertThat(ready.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(admin.pods().inNamespace("deploy").list().getItems()).hasSize(2)
        .allSatisfy(p -> {
          assertThat(p.getSpec().getNodeName()).isNotNull();
          assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        });
  }

  @Test
  void aStatefulSetWithClaimsGetsVolumesAndReadyPods() {
    namespace("sts");
    admin.apps().statefulSets().inNamespace("sts").resource(new StatefulSetBuilder()
        .withNewMetadata().withName("db").endMetadata()
        .withNewSpec().withReplicas(2).withServiceName("db").withNewSelector().addToMatchLabels("app", "db")
        .endSelector().withTemplate(pod("db"))
        .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
        .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().endVolumeClaimTemplate()
        .endSpec().build()).create();
    StatefulSet ready = await().atMost(TIMEOUT).until(
        () -> admin.apps().statefulSets().inNamespace("sts").withName("db").get(),
        s -> s.getStatus() != null && Integer.valueOf(2).equals(s.getStatus().getReadyReplicas()));
    assertThat(ready.getStatus().getReplicas()).isEqualTo(2);
    assertThat(admin.persistentVolumeClaims().inNamespace("sts").list().getItems()).hasSize(2)
        .allSatisfy(c -> assertThat(c.getStatus().getPhase()).isEqualTo("Bound"));
  }

  @Test
  void aJobSucceeds() {
    namespace("job");
    PodTemplateSpec template = pod("once");
    template.getSpec().setRestartPolicy("Never");
    admin.batch().v1().jobs().inNamespace("job").resource(new JobBuilder().withNewMetadata().withName("once")
        .endMetadata().withNewSpec().withTemplate(template).endSpec().build()).create();
    await().atMost(TIMEOUT).until(() -> admin.batch().v1().jobs().inNamespace("job").withName("once").get(),
        j -> j.getStatus() != null && Integer.valueOf(1).equals(j.getStatus().getSucceeded()));
  }

  @Test
  void theGarbageCollectorRemovesOwnedObjectsAndNamespacesFinishDeleting() {
    namespace("gc");
    var owner = admin.configMaps().inNamespace("gc").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("owner").endMetadata().build()).create();
    admin.configMaps().inNamespace("gc").resource(new ConfigMapBuilder().withNewMetadata().withName("owned")
        .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("owner")
        .withUid(owner.getMetadata().getUid()).endOwnerReference().endMetadata().build()).create();
    admin.configMaps().inNamespace("gc").withName("owner").delete();
    await().atMost(TIMEOUT).until(() -> admin.configMaps().inNamespace("gc").withName("owned").get() == null);

    admin.namespaces().withName("gc").delete();
    await().atMost(TIMEOUT).until(() -> admin.namespaces().withName("gc").get() == null);
  }

  @Test
  void rbacRefusesWhatAServiceAccountWasNotGrantedAndTheAuditLogNamesIt() {
    namespace("rbac");
    admin.serviceAccounts().inNamespace("rbac").resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("nobody").endMetadata().build()).create();
    Instant before = Instant.now().minusSeconds(1);
    try (KubernetesClient nobody = cluster.clientAs("rbac", "nobody")) {
      assertThatThrownBy(() -> nobody.configMaps().inNamespace("rbac").resource(new ConfigMapBuilder()
          .withNewMetadata().withName("x").endMetadata().withData(Map.of("a", "b")).build()).create())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
    String user = KubeCluster.serviceAccountUser("rbac", "nobody");
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cluster.auditLog().by(user, before))
        .anySatisfy(e -> {
          assertThat(e.verb()).isEqualTo("create");
          assertThat(e.resource()).isEqualTo("configmaps");
          assertThat(e.code()).isEqualTo(403);
        }));
    assertThat(cluster.kubectl("auth", "can-i", "create", "configmaps", "-n", "rbac", "--as", user).stdout().trim())
        .isEqualTo("no");
  }
}
