package io.gamepipe.kubetest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatus;
import org.junit.jupiter.api.Test;

/** The wait for a CRD reads each state the API server can report while it establishes one. */
class CrdEstablishedTest {

  static CustomResourceDefinition withStatus(CustomResourceDefinitionStatus status) {
    return new CustomResourceDefinitionBuilder().withNewMetadata().withName("things.example.io").endMetadata()
        .withStatus(status).build();
  }

  static CustomResourceDefinition withCondition(String type, String status) {
    return new CustomResourceDefinitionBuilder(withStatus(null)).withNewStatus()
        .addNewCondition().withType(type).withStatus(status).endCondition().endStatus().build();
  }

  @Test
  void notYetWhileTheApiServerHasWrittenNoConditions() {
    assertThat(KubeCluster.established(null)).isFalse();
    assertThat(KubeCluster.established(withStatus(null))).isFalse();
    // What a CI run met right after creation: a status whose conditions list is absent.
    CustomResourceDefinitionStatus noConditions = new CustomResourceDefinitionStatus();
    noConditions.setConditions(null);
    assertThat(KubeCluster.established(withStatus(noConditions))).isFalse();
  }

  @Test
  void onlyAnEstablishedConditionThatIsTrueCounts() {
    assertThat(KubeCluster.established(withCondition("NamesAccepted", "True"))).isFalse();
    assertThat(KubeCluster.established(withCondition("Established", "False"))).isFalse();
    assertThat(KubeCluster.established(withCondition("Established", "True"))).isTrue();
  }
}
