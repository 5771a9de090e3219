package io.gamepipe.operator.builders;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import java.util.Map;

/** What every pod and object the operator builds must have, checked the same way for each builder. */
final class PodAssertions {
  private PodAssertions() {
  }

  /** Sets pipeline-wide pod settings that every builder must carry into its pods. */
  static void withPodSettings(GamePipeline cr) {
    cr.getSpec().pod.nodeSelector.put("pool", "data");
    cr.getSpec().pod.tolerations.add(new TolerationBuilder().withKey("dedicated").withOperator("Equal")
        .withValue("gamepipe").withEffect("NoSchedule").build());
    cr.getSpec().pod.resources = new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("250m")).addToLimits("memory", new Quantity("1Gi")).build();
  }

  static void assertOwned(HasMetadata object, GamePipeline cr, String component) {
    assertThat(object.getMetadata().getNamespace()).isEqualTo(cr.getMetadata().getNamespace());
    assertThat(object.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getUid()).isEqualTo(cr.getMetadata().getUid());
      assertThat(ref.getKind()).isEqualTo("GamePipeline");
      assertThat(ref.getApiVersion()).isEqualTo("gamepipe.io/v1alpha1");
      assertThat(ref.getController()).isTrue();
    });
    assertThat(object.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", component)
        .containsEntry("app.kubernetes.io/instance", cr.getMetadata().getName())
        .containsEntry("app.kubernetes.io/part-of", "gamepipe")
        .containsEntry("app.kubernetes.io/managed-by", "gamepipe-operator");
  }

  /** Non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp; probes where a port is served. */
  static void assertHardened(PodSpec pod, boolean probes) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(1000L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getContainers()).allSatisfy(c -> {
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      if (probes) {
        assertThat(c.getReadinessProbe()).isNotNull();
        assertThat(c.getLivenessProbe()).isNotNull();
      }
    });
  }

  /** The pipeline's placement: every pod, helpers included. */
  static void assertPlacement(PodSpec pod) {
    assertThat(pod.getNodeSelector()).isEqualTo(Map.of("pool", "data"));
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
  }

  /** Placement and pod.resources: every component's main container. */
  static void assertPodSettings(PodSpec pod) {
    assertPlacement(pod);
    assertThat(pod.getContainers().get(0).getResources().getRequests()).containsEntry("cpu", new Quantity("250m"));
    assertThat(pod.getContainers().get(0).getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
  }
}
