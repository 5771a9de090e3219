package io.gamepipe.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gamepipe.kubetest.KubeCluster;
import io.gamepipe.kubetest.KubeClusterExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two ways in, on a real API server: {@code helm install} of the chart and {@code kubectl apply -k k8s/}. The
 * operator's pod runs on a kwok node (no container starts), so what is proven is that the server accepts every
 * object and the Deployment rolls out, not the operator's work (the operator module's *IT tests do that).
 */
@ExtendWith(KubeClusterExtension.class)
class InstallIT {
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final String CRD = "gamepipelines.gamepipe.io";
  static KubeCluster cluster;
  static KubernetesClient admin;

  @BeforeAll
  static void start(KubeCluster kube) {
    cluster = kube;
    admin = kube.admin();
  }

  static Deployment awaitAvailable(String namespace, String name) {
    return await().atMost(TIMEOUT).until(() -> admin.apps().deployments().inNamespace(namespace).withName(name).get(),
        d -> d != null && d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas()));
  }

  @Test
  void helmInstallsTheChartAndUninstallLeavesOnlyTheCrd() {
    Release release = Chart.helm().install().withName("gamepipe-operator").withNamespace("gamepipe-system")
        .createNamespace().withKubeConfig(cluster.kubeconfig()).waitReady().withTimeout(120).call();
    assertThat(release.getStatus()).isEqualTo("deployed");

    Deployment operator = awaitAvailable("gamepipe-system", "gamepipe-operator");
    assertThat(operator.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("gamepipe-operator");
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(CRD).get()).isNotNull();
    assertThat(admin.rbac().clusterRoles().withName("gamepipe-operator").get()).isNotNull();
    assertThat(admin.rbac().clusterRoleBindings().withName("gamepipe-operator").get()).isNotNull();
    // The chart's ServiceAccount may do what the operator needs, and no more.
    String user = KubeCluster.serviceAccountUser("gamepipe-system", "gamepipe-operator");
    assertThat(cluster.kubectl("auth", "can-i", "create", "statefulsets.apps", "-n", "anywhere", "--as", user)
        .stdout().trim()).isEqualTo("yes");
    assertThat(cluster.kubectl("auth", "can-i", "get", "secrets", "-n", "anywhere", "--as", user)
        .stdout().trim()).isEqualTo("no");

    Chart.helm().uninstall("gamepipe-operator").withNamespace("gamepipe-system")
        .withKubeConfig(cluster.kubeconfig()).call();
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(admin.apps().deployments().inNamespace("gamepipe-system").list().getItems()).isEmpty();
      assertThat(admin.serviceAccounts().inNamespace("gamepipe-system").withName("gamepipe-operator").get())
          .isNull();
      assertThat(admin.rbac().clusterRoles().withName("gamepipe-operator").get()).isNull();
      assertThat(admin.rbac().clusterRoleBindings().withName("gamepipe-operator").get()).isNull();
    });
    // Helm's crds/ convention: the CRD (and so every GamePipeline) outlives the release.
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(CRD).get()).isNotNull();
    admin.namespaces().withName("gamepipe-system").delete();
    await().atMost(TIMEOUT).until(() -> admin.namespaces().withName("gamepipe-system").get() == null);
  }

  @Test
  void kubectlApplyKustomizeInstallsTheOperator() {
    var applied = cluster.kubectl("apply", "-k", Repo.K8S.toString()).orThrow();
    assertThat(applied.stdout()).contains("customresourcedefinition.apiextensions.k8s.io/" + CRD)
        .contains("deployment.apps/gamepipe-operator");
    awaitAvailable("gamepipe-system", "gamepipe-operator");
    assertThat(cluster.kubectl("get", "crd", CRD, "-o", "jsonpath={.status.conditions[?(@.type==\"Established\")]"
        + ".status}").orThrow().stdout()).isEqualTo("True");

    cluster.kubectl("delete", "-k", Repo.K8S.toString(), "--wait=true").orThrow();
    await().atMost(TIMEOUT).until(() -> admin.namespaces().withName("gamepipe-system").get() == null);
  }
}
