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
class OperatorIntegrationTest {
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
    retryOnConflict(() -> client.apps().statefulSets().inNamespace(namespace).withName(name).editStatus(s -> {
      s.setStatus(new StatefulSetStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas).build());
      return s;
    }));
  }

  static void markJobSucceeded(String namespace, String name) {
    await().atMost(TIMEOUT).until(() -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get(),
        j -> j != null);
    retryOnConflict(() -> client.batch().v1().jobs().inNamespace(namespace).withName(name).editStatus(j -> {
      j.setStatus(new JobStatusBuilder().withSucceeded(1).build());
      return j;
    }));
  }

  static void markDeploymentReady(String namespace, String name) {
    var deployment = await().atMost(TIMEOUT)
        .until(() -> client.apps().deployments().inNamespace(namespace).withName(name).get(), d -> d != null);
    int replicas = deployment.getSpec().getReplicas();
    retryOnConflict(() -> client.apps().deployments().inNamespace(namespace).withName(name).editStatus(d -> {
      d.setStatus(new DeploymentStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas)
          .withAvailableReplicas(replicas).build());
      return d;
    }));
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
    // Ordered workflow: no DataNodes before the NameNode is ready, no topic job before Kafka is.
    assertThat(statefulSet(ns, "demo-datanode")).isNull();
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
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

  static GamePipeline edit(GamePipeline cr, Consumer<GamePipeline> change) {
    return retryOnConflict(() -> client.resources(GamePipeline.class).inNamespace(cr.getMetadata().getNamespace())
        .withName(cr.getMetadata().getName()).edit(p -> {
          change.accept(p);
          return p;
        }));
  }

  /** A user's write races the operator's status writes: like kubectl, read again and retry on a conflict. */
  static <T> T retryOnConflict(java.util.function.Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  @Test
  void zooKeeperModeRunsAnEnsembleThatARunningPipelineCannotSwitchAway() {
    String ns = "zk";
    GamePipeline cr = create("zk", ns, p -> {
      p.getSpec().kafka.mode = io.gamepipe.operator.crd.KafkaSpec.KafkaMode.ZooKeeper;
      p.getSpec().zookeeper.replicas = 3;
    });
    StatefulSet zk = awaitStatefulSet(ns, "zk-zookeeper");
    assertThat(zk.getSpec().getReplicas()).isEqualTo(3);
    assertThat(client.services().inNamespace(ns).withName("zk-zookeeper-headless").get()).isNotNull();
    String script = awaitStatefulSet(ns, "zk-kafka").getSpec().getTemplate().getSpec().getContainers().get(0)
        .getCommand().get(2);
    assertThat(script).contains("zookeeper.connect=zk-zookeeper-0.zk-zookeeper-headless.zk.svc:2181")
        .doesNotContain("process.roles");
    await().atMost(TIMEOUT).until(() -> get("zk", ns).getStatus() != null
        && get("zk", ns).getStatus().components.containsKey("zookeeper"));

    // The brokers' metadata lives in ZooKeeper: switching modes is refused, nothing is touched.
    edit(cr, p -> p.getSpec().kafka.mode = io.gamepipe.operator.crd.KafkaSpec.KafkaMode.KRaft);
    GamePipeline refused = awaitPhase(cr, Phase.Degraded);
    assertThat(refused.getStatus().conditions).anySatisfy(c ->
        assertThat(c.getMessage()).contains("kafka.mode cannot change from ZooKeeper to KRaft"));
    assertThat(statefulSet(ns, "zk-zookeeper")).isNotNull();
    assertThat(statefulSet(ns, "zk-kafka").getSpec().getTemplate().getSpec().getContainers().get(0).getCommand()
        .get(2)).isEqualTo(script);

    edit(cr, p -> p.getSpec().kafka.mode = io.gamepipe.operator.crd.KafkaSpec.KafkaMode.ZooKeeper);
    awaitPhase(cr, Phase.Progressing);
  }

  @Test
  void disablingTheApiRemovesItsObjects() {
    String ns = "noapi";
    GamePipeline cr = create("noapi", ns, p -> p.getSpec().gameApi.ingress.host = "play.example.com");
    await().atMost(TIMEOUT).until(() -> client.network().v1().ingresses().inNamespace(ns).withName("noapi-game-api")
        .get() != null);
    assertThat(client.apps().deployments().inNamespace(ns).withName("noapi-game-api").get()).isNotNull();
    edit(cr, p -> {
      p.getSpec().gameApi.enabled = false;
      p.getSpec().gameApi.ingress.host = null;
    });
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(client.apps().deployments().inNamespace(ns).withName("noapi-game-api").get()).isNull();
      assertThat(client.services().inNamespace(ns).withName("noapi-game-api").get()).isNull();
      assertThat(client.network().v1().ingresses().inNamespace(ns).withName("noapi-game-api").get()).isNull();
      assertThat(get("noapi", ns).getStatus().endpoints.apiUrl).isNull();
      assertThat(get("noapi", ns).getStatus().components).doesNotContainKey("game-api");
    });
  }

  @Test
  void specChangesRollOut() {
    String ns = "scale";
    GamePipeline cr = create("scale", ns, p -> { });
    makeReady(cr);
    edit(cr, p -> {
      p.getSpec().gameApi.replicas = 3;
      p.getSpec().gameApi.image = "gamepipe/game-api:0.2.0";
      p.getSpec().hdfs.dataNodes.replicas = 2;
      p.getSpec().kafka.topic.partitions = 4;
    });
    await().atMost(TIMEOUT).untilAsserted(() -> {
      var deployment = client.apps().deployments().inNamespace(ns).withName("scale-game-api").get();
      assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
      assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo("gamepipe/game-api:0.2.0");
      assertThat(statefulSet(ns, "scale-datanode").getSpec().getReplicas()).isEqualTo(2);
    });
    // A new topic spec is a new Job; the old one goes.
    GamePipeline changed = get("scale", ns);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems())
        .extracting(j -> j.getMetadata().getName()).containsExactly(TopicBuilder.name(changed)));
    GamePipeline progressing = awaitPhase(cr, Phase.Progressing);
    // The mock drops the status on a PUT (a real server keeps it): only the wanted count is certain.
    assertThat(progressing.getStatus().components.get("game-api").message).endsWith("/3 ready");
  }

  @Test
  void objectsDeletedOrEditedByHandAreRestored() {
    String ns = "drift";
    GamePipeline cr = create("drift", ns, p -> { });
    makeReady(cr);
    client.services().inNamespace(ns).withName("drift-kafka-bootstrap").delete();
    retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName("drift-game-api").edit(d -> {
      d.getSpec().setReplicas(7);
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil/image:1");
      return d;
    }));
    retryOnConflict(() -> client.configMaps().inNamespace(ns).withName("drift-hdfs-config").edit(c -> {
      c.getData().put("core-site.xml", "<configuration/>");
      return c;
    }));
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(client.services().inNamespace(ns).withName("drift-kafka-bootstrap").get()).isNotNull();
      var deployment = client.apps().deployments().inNamespace(ns).withName("drift-game-api").get();
      assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
      assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo("gamepipe/game-api:0.1.0");
      assertThat(client.configMaps().inNamespace(ns).withName("drift-hdfs-config").get().getData()
          .get("core-site.xml")).contains("hdfs://drift-namenode.drift.svc:8020");
    });
  }

  @Test
  void anHttpRouteFollowsTheSpecAndGoesWhenNoLongerAskedFor() {
    String ns = "route";
    var routes = client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class).inNamespace(ns);
    GamePipeline cr = create("routed", ns, p -> {
      p.getSpec().gameApi.httpRoute.gateway = "public";
      p.getSpec().gameApi.httpRoute.hostnames = List.of("localhost");
    });
    var route = await().atMost(TIMEOUT).until(() -> routes.withName("routed-game-api").get(), r -> r != null);
    assertOwnedBy(route, get("routed", ns));
    assertThat(route.getSpec().getHostnames()).containsExactly("localhost");
    String version = route.getMetadata().getResourceVersion();

    edit(cr, p -> p.getSpec().gameApi.httpRoute.hostnames = List.of("game.example.com"));
    await().atMost(TIMEOUT).until(() -> routes.withName("routed-game-api").get().getSpec().getHostnames(),
        hosts -> hosts.equals(List.of("game.example.com")));
    assertThat(routes.withName("routed-game-api").get().getMetadata().getResourceVersion()).isNotEqualTo(version);

    edit(cr, p -> {
      p.getSpec().gameApi.httpRoute.gateway = null;
      p.getSpec().gameApi.httpRoute.hostnames = List.of();
    });
    await().atMost(TIMEOUT).until(() -> routes.withName("routed-game-api").get() == null);
  }

  @Test
  void reReconcilingAnUnchangedPipelineWritesNothing() {
    String ns = "steady";
    GamePipeline cr = create("steady", ns, p -> { });
    GamePipeline ready = makeReady(cr);
    // Let the last status write settle, then remember every resourceVersion.
    await().pollDelay(Duration.ofSeconds(1)).atMost(TIMEOUT).until(() -> true);
    Map<String, String> before = versions(ns);
    long reconciliations = cluster.reconciler().reconciliations();

    // A status change of an owned object (as a kubelet would make) triggers a reconciliation of the CR.
    retryOnConflict(() -> client.services().inNamespace(ns).withName("steady-game-api").editStatus(svc -> {
      svc.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer().endLoadBalancer()
          .build());
      return svc;
    }));
    await().atMost(TIMEOUT).until(() -> cluster.reconciler().reconciliations() > reconciliations);
    Map<String, String> after = versions(ns);
    after.remove("Service/steady-game-api");
    before.remove("Service/steady-game-api");
    assertThat(after).isEqualTo(before);
    assertThat(before).containsKey("GamePipeline/steady").hasSizeGreaterThan(10);
    assertThat(ready.getStatus().phase).isEqualTo(Phase.Ready);
  }

  static Map<String, String> versions(String ns) {
    Map<String, String> versions = new java.util.TreeMap<>();
    List<HasMetadata> all = new java.util.ArrayList<>();
    all.addAll(client.apps().statefulSets().inNamespace(ns).list().getItems());
    all.addAll(client.apps().deployments().inNamespace(ns).list().getItems());
    all.addAll(client.services().inNamespace(ns).list().getItems());
    all.addAll(client.batch().v1().jobs().inNamespace(ns).list().getItems());
    all.addAll(client.configMaps().inNamespace(ns).list().getItems());
    all.addAll(client.serviceAccounts().inNamespace(ns).list().getItems());
    all.addAll(client.rbac().roles().inNamespace(ns).list().getItems());
    all.addAll(client.rbac().roleBindings().inNamespace(ns).list().getItems());
    all.addAll(client.resources(GamePipeline.class).inNamespace(ns).list().getItems());
    all.forEach(o -> versions.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
    return versions;
  }

  @Test
  void contradictorySpecIsDegradedAndAppliesNothing() {
    String ns = "invalid";
    GamePipeline cr = create("bad", ns, p -> {
      p.getSpec().kafka.topic.replication = 3;
      p.getSpec().hdfs.replication = 2;
    });
    GamePipeline degraded = awaitPhase(cr, Phase.Degraded);
    var condition = degraded.getStatus().conditions.stream().filter(c -> c.getType().equals("Degraded")).findFirst()
        .orElseThrow();
    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getReason()).isEqualTo("InvalidSpec");
    assertThat(condition.getMessage()).contains("kafka.topic.replication (3) exceeds kafka.brokers (1)")
        .contains("hdfs.replication (2) exceeds hdfs.dataNodes.replicas (1)");
    assertThat(client.apps().statefulSets().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.services().inNamespace(ns).list().getItems()).isEmpty();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("InvalidSpec");
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getInvolvedObject().getName()).isEqualTo("bad");
        }));

    edit(cr, p -> {
      p.getSpec().kafka.brokers = 3;
      p.getSpec().hdfs.dataNodes.replicas = 2;
    });
    await().atMost(TIMEOUT).until(() -> statefulSet(ns, "bad-kafka") != null);
    assertThat(statefulSet(ns, "bad-kafka").getSpec().getReplicas()).isEqualTo(3);
    GamePipeline fixed = awaitPhase(cr, Phase.Progressing);
    assertThat(fixed.getStatus().conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Degraded");
      assertThat(c.getStatus()).isEqualTo("False");
    });
  }

  @Test
  void deletingThePipelineLeavesNoFinalizerAndEveryObjectToTheGarbageCollector() {
    String ns = "delete";
    GamePipeline cr = create("gone", ns, p -> p.getSpec().deletionPolicy =
        io.gamepipe.operator.crd.GamePipelineSpec.DeletionPolicy.Delete);
    awaitStatefulSet(ns, "gone-namenode");
    GamePipeline live = get("gone", ns);
    assertThat(live.getMetadata().getFinalizers()).isEmpty();
    assertThat(statefulSet(ns, "gone-namenode").getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
        .isEqualTo("Delete");
    client.resource(live).delete();
    await().atMost(TIMEOUT).until(() -> get("gone", ns) == null);
    // The mock has no garbage collector: what is left must all point at the deleted owner.
    assertThat(client.apps().statefulSets().inNamespace(ns).list().getItems())
        .isNotEmpty().allSatisfy(o -> assertOwnedBy(o, live));
    assertThat(client.services().inNamespace(ns).list().getItems()).allSatisfy(o -> assertOwnedBy(o, live));
  }

  @Test
  void runsOnRequestAndOnScheduleFlowIntoTheStatus() {
    String ns = "runs";
    GamePipeline cr = create("runs", ns, p -> p.getSpec().spark.historyLimit = 1);
    makeReady(cr);

    edit(cr, p -> {
      p.getSpec().spark.runRequest = new io.gamepipe.operator.crd.SparkSpec.RunRequest();
      p.getSpec().spark.runRequest.id = "first";
      p.getSpec().spark.runRequest.jobs = List.of(io.gamepipe.operator.crd.SparkJob.EXTRACT);
    });
    GenericKubernetesResource run = await().atMost(TIMEOUT).until(() -> sparkApplication(ns, "runs-extract-r-first"),
        Optional::isPresent).orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) run.getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("mainClass", "io.gamepipe.spark.jobs.ExtractEventsJob")
        .containsEntry("arguments", List.of("--bootstrap-servers", "runs-kafka-bootstrap.runs.svc:9092", "--topic",
            "events", "--output-root", "/tmp"));
    assertOwnedBy(run, get("runs", ns));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("runs", ns).getStatus().runs)
        .anySatisfy(r -> {
          assertThat(r.name).isEqualTo("runs-extract-r-first");
          assertThat(r.state).isEqualTo("PENDING");
          assertThat(r.trigger).isEqualTo("request");
        }));
    assertThat(get("runs", ns).getStatus().lastRunRequestId).isEqualTo("first");

    setRunState(ns, "runs-extract-r-first", "COMPLETED", null);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("runs", ns).getStatus().runs)
        .anySatisfy(r -> assertThat(r.state).isEqualTo("COMPLETED")));

    // A second request: one more run; with historyLimit 1 the first one goes.
    edit(cr, p -> p.getSpec().spark.runRequest.id = "second");
    await().atMost(TIMEOUT).until(() -> sparkApplication(ns, "runs-extract-r-second").isPresent()
        && sparkApplication(ns, "runs-extract-r-first").isEmpty());
    setRunState(ns, "runs-extract-r-second", "FAILED", "driver pod failed");
    GamePipeline degraded = awaitPhase(cr, Phase.Degraded);
    assertThat(degraded.getStatus().conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Degraded");
      assertThat(c.getReason()).isEqualTo("RunsFailed");
      assertThat(c.getMessage()).contains("runs-extract-r-second");
    });
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("RunFailed");
          assertThat(e.getMessage()).contains("driver pod failed");
        }));

    // Jobs of one request run in pipeline order: transform starts when extract completed.
    edit(cr, p -> {
      p.getSpec().spark.runRequest.id = "chain";
      p.getSpec().spark.runRequest.jobs = List.of(io.gamepipe.operator.crd.SparkJob.TRANSFORM,
          io.gamepipe.operator.crd.SparkJob.EXTRACT);
    });
    await().atMost(TIMEOUT).until(() -> sparkApplication(ns, "runs-extract-r-chain").isPresent());
    assertThat(sparkApplication(ns, "runs-transform-r-chain")).isEmpty();
    setRunState(ns, "runs-extract-r-chain", "COMPLETED", null);
    await().atMost(TIMEOUT).until(() -> sparkApplication(ns, "runs-transform-r-chain").isPresent());
    // The failed extract run was pruned by the newer one: the pipeline is no longer degraded.
    awaitPhase(cr, Phase.Ready);

    // A schedule that fires every minute starts the current minute's run of each scheduled job.
    edit(cr, p -> {
      p.getSpec().spark.schedule = "* * * * *";
      p.getSpec().spark.jobs = List.of(io.gamepipe.operator.crd.SparkJob.LAND);
    });
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(sparkApplications(ns))
        .anySatisfy(a -> assertThat(a.getMetadata().getName()).startsWith("runs-land-s-")));
    GamePipeline scheduled = await().atMost(TIMEOUT).until(() -> get("runs", ns),
        p -> p.getStatus().nextScheduleTime != null && p.getStatus().lastScheduleTime != null
            && p.getStatus().runs.stream().anyMatch(r -> "schedule".equals(r.trigger)));
    assertThat(java.time.Instant.parse(scheduled.getStatus().nextScheduleTime))
        .isAfter(java.time.Instant.parse(scheduled.getStatus().lastScheduleTime));
  }

  static Optional<GenericKubernetesResource> sparkApplication(String ns, String name) {
    return Optional.ofNullable(client.genericKubernetesResources(SPARK_APPS).inNamespace(ns).withName(name).get());
  }

  static void setRunState(String ns, String name, String state, String error) {
    retryOnConflict(() -> client.genericKubernetesResources(SPARK_APPS).inNamespace(ns).withName(name).editStatus(app -> {
      Map<String, Object> applicationState = new java.util.LinkedHashMap<>();
      applicationState.put("state", state);
      if (error != null) {
        applicationState.put("errorMessage", error);
      }
      app.getAdditionalProperties().put("status", Map.of("applicationState", applicationState));
      return app;
    }));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aFailedReconciliationIsDegradedWithTheFailingObjectsNamedAndAnEvent() {
    String ns = "failing";
    GamePipeline cr = create("failing", ns, p -> { });
    awaitPhase(cr, Phase.Progressing);
    GamePipeline live = get("failing", ns);
    // The workflow's aggregated failure, as JOSDK hands it over; only the client matters in the context.
    var context = (io.javaoperatorsdk.operator.api.reconciler.Context<GamePipeline>) java.lang.reflect.Proxy
        .newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {io.javaoperatorsdk.operator.api.reconciler.Context.class},
            (proxy, method, args) -> method.getName().equals("getClient") ? client : null);
    var failure = new io.javaoperatorsdk.operator.AggregatedOperatorException("workflow failed",
        Map.of("kafka", new io.fabric8.kubernetes.client.KubernetesClientException("exceeded quota: compute")));

    var control = cluster.reconciler().updateErrorStatus(live, context, failure);

    var status = control.getResource().orElseThrow().getStatus();
    assertThat(status.phase).isEqualTo(Phase.Degraded);
    assertThat(status.conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Degraded");
      assertThat(c.getReason()).isEqualTo("ReconcileFailed");
      assertThat(c.getMessage()).isEqualTo("kafka: exceeded quota: compute");
    });
    assertThat(status.components).containsKey("kafka");
    assertThat(client.v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("ReconcileFailed");
      assertThat(e.getMessage()).contains("exceeded quota");
    });

    // A failure the operator names keeps its reason.
    var named = new io.gamepipe.operator.reconciler.GamePipelineException("RunSubmissionFailed",
        "could not create SparkApplication x", new IllegalStateException("404"));
    var namedStatus = cluster.reconciler().updateErrorStatus(live, context, named).getResource().orElseThrow()
        .getStatus();
    assertThat(namedStatus.conditions).anySatisfy(c -> {
      assertThat(c.getReason()).isEqualTo("RunSubmissionFailed");
      assertThat(c.getMessage()).isEqualTo("could not create SparkApplication x");
    });
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RunSubmissionFailed"));
  }
}
