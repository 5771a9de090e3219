package io.gamepipe.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gamepipe.operator.builders.Names;
import io.gamepipe.operator.builders.TopicBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real operator against the mock API server: each test has its own namespace. */
class GamePipelineOperatorIT {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final ResourceDefinitionContext SPARK_APPS = new ResourceDefinitionContext.Builder()
      .withGroup("sparkoperator.k8s.io").withVersion("v1beta2").withKind("SparkApplication")
      .withPlural("sparkapplications").withNamespaced(true).build();

  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static GamePipeline create(String name, String namespace, Consumer<GamePipeline> customize) {
    GamePipeline cr = Fixtures.newPipeline(name, namespace);
    customize.accept(cr);
    return client.resource(cr).create();
  }

  static GamePipeline get(String name, String namespace) {
    return client.resources(GamePipeline.class).inNamespace(namespace).withName(name).get();
  }

  static StatefulSet statefulSet(String namespace, String name) {
    return client.apps().statefulSets().inNamespace(namespace).withName(name).get();
  }

  static StatefulSet awaitStatefulSet(String namespace, String name) {
    return await().atMost(TIMEOUT).until(() -> statefulSet(namespace, name), s -> s != null);
  }

  static void markStatefulSetReady(String namespace, String name) {
    StatefulSet sts = awaitStatefulSet(namespace, name);
    int replicas = sts.getSpec().getReplicas();
    client.apps().statefulSets().inNamespace(namespace).withName(name).editStatus(s -> {
      s.setStatus(new StatefulSetStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas).build());
      return s;
    });
  }

  static void markJobSucceeded(String namespace, String name) {
    await().atMost(TIMEOUT).until(() -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get(),
        j -> j != null);
    client.batch().v1().jobs().inNamespace(namespace).withName(name).editStatus(j -> {
      j.setStatus(new JobStatusBuilder().withSucceeded(1).build());
      return j;
    });
  }

  static void markDeploymentReady(String namespace, String name) {
    var deployment = await().atMost(TIMEOUT)
        .until(() -> client.apps().deployments().inNamespace(namespace).withName(name).get(), d -> d != null);
    int replicas = deployment.getSpec().getReplicas();
    client.apps().deployments().inNamespace(namespace).withName(name).editStatus(d -> {
      d.setStatus(new DeploymentStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas)
          .withAvailableReplicas(replicas).build());
      return d;
    });
  }

  /** Plays the part of the kubelet and the controllers: every component reports ready, in workflow order. */
  static GamePipeline makeReady(GamePipeline cr) {
    String ns = cr.getMetadata().getNamespace();
    markStatefulSetReady(ns, Names.kafka(cr));
    GamePipeline fresh = get(cr.getMetadata().getName(), ns);
    markJobSucceeded(ns, TopicBuilder.name(fresh));
    markStatefulSetReady(ns, Names.nameNode(cr));
    markStatefulSetReady(ns, Names.dataNode(cr));
    if (fresh.getSpec().gameApi.enabled) {
      markDeploymentReady(ns, Names.gameApi(cr));
    }
    return awaitPhase(cr, Phase.Ready);
  }

  static GamePipeline awaitPhase(GamePipeline cr, Phase phase) {
    return await().atMost(TIMEOUT).until(() -> get(cr.getMetadata().getName(), cr.getMetadata().getNamespace()),
        p -> p.getStatus() != null && p.getStatus().phase == phase);
  }

  static List<GenericKubernetesResource> sparkApplications(String namespace) {
    return client.genericKubernetesResources(SPARK_APPS).inNamespace(namespace).list().getItems();
  }

  static void assertOwnedBy(HasMetadata object, GamePipeline cr) {
    assertThat(object.getMetadata().getOwnerReferences())
        .as("owner of %s %s", object.getKind(), object.getMetadata().getName())
        .anySatisfy(ref -> {
          assertThat(ref.getUid()).isEqualTo(cr.getMetadata().getUid());
          assertThat(ref.getKind()).isEqualTo("GamePipeline");
        });
  }

  @Test
  void appliesEveryObjectThenReportsReadyWithEndpoints() {
    String ns = "apply";
    GamePipeline cr = create("demo", ns, p -> { });

    StatefulSet kafka = awaitStatefulSet(ns, "demo-kafka");
    awaitStatefulSet(ns, "demo-namenode");
    await().atMost(TIMEOUT).until(() -> client.services().inNamespace(ns).list().getItems().size() >= 4);
    assertThat(client.services().inNamespace(ns).list().getItems()).extracting(s -> s.getMetadata().getName())
        .contains("demo-kafka-headless", "demo-kafka-bootstrap", "demo-namenode", "demo-datanode")
        .doesNotContain("demo-zookeeper-headless");
    assertThat(client.configMaps().inNamespace(ns).withName("demo-hdfs-config").get()).isNotNull();
    assertThat(client.serviceAccounts().inNamespace(ns).withName("demo-spark").get()).isNotNull();
    assertThat(client.rbac().roles().inNamespace(ns).withName("demo-spark").get()).isNotNull();
    assertThat(client.rbac().roleBindings().inNamespace(ns).withName("demo-spark").get()).isNotNull();
    assertThat(statefulSet(ns, "demo-zookeeper")).isNull();
    // Ordered workflow: no DataNodes before the NameNode is ready, no topic job and no API before Kafka is.
    assertThat(statefulSet(ns, "demo-datanode")).isNull();
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
    GamePipeline progressing = awaitPhase(cr, Phase.Progressing);
    assertThat(progressing.getStatus().components.get("kafka").ready).isFalse();

    GamePipeline ready = makeReady(cr);
    assertThat(ready.getStatus().observedGeneration).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
    });
    assertThat(ready.getStatus().endpoints.kafkaBootstrapServers).isEqualTo("demo-kafka-bootstrap.apply.svc:9092");
    assertThat(ready.getStatus().endpoints.hdfsUri).isEqualTo("hdfs://demo-namenode.apply.svc:8020");
    assertThat(ready.getStatus().endpoints.apiUrl).isEqualTo("http://demo-game-api.apply.svc:5000");
    assertThat(ready.getStatus().components).containsOnlyKeys("kafka", "kafka-topic", "hdfs-namenode",
        "hdfs-datanode", "game-api");
    assertThat(ready.getStatus().lastReconciledSpec).contains("\"mode\":\"KRaft\"");

    var owned = new java.util.ArrayList<HasMetadata>();
    owned.addAll(client.apps().statefulSets().inNamespace(ns).list().getItems());
    owned.addAll(client.apps().deployments().inNamespace(ns).list().getItems());
    owned.addAll(client.services().inNamespace(ns).list().getItems());
    owned.addAll(client.batch().v1().jobs().inNamespace(ns).list().getItems());
    owned.addAll(client.configMaps().inNamespace(ns).list().getItems());
    assertThat(owned).hasSizeGreaterThanOrEqualTo(11).allSatisfy(o -> assertOwnedBy(o, ready));
  }
}
