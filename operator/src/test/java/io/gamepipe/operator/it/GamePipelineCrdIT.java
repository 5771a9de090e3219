package io.gamepipe.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gamepipe.kubetest.KubeCluster;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The generated CRD as the API server reads it: accepted, its defaults stored, its CEL rules compiled and enforced
 * with the messages a user sees from {@code kubectl apply}. Objects are sent as a user writes them (YAML), with
 * a server-side dry run so the operator never sees them.
 */
@ExtendWith(OperatorExtension.class)
class GamePipelineCrdIT {
  static KubernetesClient admin;

  @BeforeAll
  static void start(KubeCluster cluster, InstalledOperator operator) {
    admin = cluster.admin();
    if (admin.namespaces().withName("crd").get() == null) {
      new ClusterSupport(admin).createNamespace("crd");
    }
  }

  static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> pipelines() {
    return admin.genericKubernetesResources("gamepipe.io/v1alpha1", "GamePipeline").inNamespace("crd");
  }

  /** What the API server would store for this YAML (server-side dry run). */
  static GenericKubernetesResource dryRun(String yaml) {
    GenericKubernetesResource object = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    return pipelines().resource(object).dryRun().create();
  }

  static String refusal(String yaml) {
    KubernetesClientException refused = (KubernetesClientException) org.assertj.core.api.Assertions
        .catchThrowable(() -> dryRun(yaml));
    assertThat(refused).as("the API server refuses:\n%s", yaml).isNotNull();
    assertThat(refused.getCode()).isEqualTo(422);
    return refused.getMessage();
  }

  @Test
  @SuppressWarnings("unchecked")
  void anEmptySpecIsStoredWithEveryDefault() {
    GenericKubernetesResource stored = dryRun("""
        apiVersion: gamepipe.io/v1alpha1
        kind: GamePipeline
        metadata: {name: defaults}
        spec: {}
        """);
    Map<String, Object> spec = (Map<String, Object>) stored.getAdditionalProperties().get("spec");
    Map<String, Object> kafka = (Map<String, Object>) spec.get("kafka");
    assertThat(kafka).containsEntry("mode", "KRaft").containsEntry("brokers", 1);
    assertThat((Map<String, Object>) kafka.get("topic")).containsEntry("name", "events");
    assertThat((Map<String, Object>) spec.get("hdfs")).containsEntry("replication", 1);
    assertThat((Map<String, Object>) spec.get("gameApi")).containsEntry("enabled", true);
    assertThat(spec).containsEntry("deletionPolicy", "Retain");
  }

  @Test
  void aNameTooLongForTheRunNamesIsRefusedWithTheRule() {
    assertThat(refusal("""
        apiVersion: gamepipe.io/v1alpha1
        kind: GamePipeline
        metadata: {name: a-pipeline-name-that-is-far-too-long}
        spec: {}
        """)).contains("metadata.name may have at most 27 characters");
  }

  @Test
  void aNameThatIsNoDns1035LabelIsRefusedBeforeAnyServiceCouldFail() {
    for (String name : new String[] {"1game", "a.b"}) {
      assertThat(refusal("""
          apiVersion: gamepipe.io/v1alpha1
          kind: GamePipeline
          metadata: {name: "%s"}
          spec: {}
          """.formatted(name))).as(name).contains("DNS-1035");
    }
  }

  @Test
  void aTopicReplicatedAboveTheBrokerCountIsRefusedWithTheRule() {
    assertThat(refusal("""
        apiVersion: gamepipe.io/v1alpha1
        kind: GamePipeline
        metadata: {name: overreplicated}
        spec:
          kafka:
            brokers: 1
            topic: {replication: 3}
        """)).contains("replication");
  }

  @Test
  void valuesOutsideTheSchemaAreRefusedNamingTheField() {
    assertThat(refusal("""
        apiVersion: gamepipe.io/v1alpha1
        kind: GamePipeline
        metadata: {name: badmode}
        spec:
          kafka: {mode: Raft}
        """)).contains("spec.kafka.mode").contains("Unsupported value");
    assertThat(refusal("""
        apiVersion: gamepipe.io/v1alpha1
        kind: GamePipeline
        metadata: {name: negative}
        spec:
          kafka: {brokers: 0}
        """)).contains("spec.kafka.brokers");
    assertThatThrownBy(() -> dryRun("""
        apiVersion: gamepipe.io/v1alpha1
        kind: GamePipeline
        metadata: {name: wrongtype}
        spec:
          gameApi: {replicas: many}
        """)).isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.gameApi.replicas");
  }
}
