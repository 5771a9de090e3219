package io.gamepipe.operator.it;

import static io.gamepipe.operator.it.ClusterSupport.TIMEOUT;
import static io.gamepipe.operator.it.ClusterSupport.retryOnConflict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gamepipe.kubetest.AuditLog;
import io.gamepipe.kubetest.KubeCluster;
import io.gamepipe.kubetest.Repository;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator in its production configuration (server-side apply, leader election, the ServiceAccount's RBAC) on a
 * real control plane: the samples become Ready through the real controllers, drift is undone, deletion is the
 * garbage collector's, and a Ready pipeline costs no writes.
 */
@ExtendWith(OperatorExtension.class)
class PipelineLifecycleIT {
  static KubeCluster cluster;
  static KubernetesClient admin;
  static ClusterSupport support;
  static InstalledOperator operator;

  @BeforeAll
  static void start(KubeCluster kube, InstalledOperator installed) {
    cluster = kube;
    operator = installed;
    admin = kube.admin();
    support = new ClusterSupport(admin);
  }

  /** kubectl apply of a sample of k8s/samples/ into a new namespace; the pipeline's name as in the file. */
  static void applySample(String namespace, String sample) {
    support.createNamespace(namespace);
    cluster.kubectl("apply", "-n", namespace, "-f",
        Repository.root().resolve("k8s/samples/" + sample).toString()).orThrow();
  }

  static List<HasMetadata> ownedObjects(String namespace) {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(admin.apps().statefulSets().inNamespace(namespace).list().getItems());
    all.addAll(admin.apps().deployments().inNamespace(namespace).list().getItems());
    all.addAll(admin.services().inNamespace(namespace).list().getItems());
    all.addAll(admin.batch().v1().jobs().inNamespace(namespace).list().getItems());
    all.addAll(admin.configMaps().inNamespace(namespace).withLabel("app.kubernetes.io/managed-by").list().getItems());
    all.addAll(admin.network().v1().ingresses().inNamespace(namespace).list().getItems());
    all.addAll(admin.network().v1().networkPolicies().inNamespace(namespace).list().getItems());
    all.addAll(admin.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems());
    all.addAll(admin.rbac().roles().inNamespace(namespace).list().getItems());
    all.addAll(admin.rbac().roleBindings().inNamespace(namespace).list().getItems());
    all.addAll(admin.serviceAccounts().inNamespace(namespace).withLabel("app.kubernetes.io/managed-by").list()
        .getItems());
    return all;
  }

  static void assertOwnedBy(List<HasMetadata> objects, GamePipeline cr) {
    assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getOwnerReferences())
        .as("owner of %s %s", o.getKind(), o.getMetadata().getName())
        .anySatisfy(ref -> {
          assertThat(ref.getUid()).isEqualTo(cr.getMetadata().getUid());
          assertThat(ref.getController()).isTrue();
        }));
  }

  @Test
  void theMinimalSampleBecomesReadyThroughTheRealControllers() {
    applySample("minimal", "minimal.yaml");
    GamePipeline ready = support.awaitPhase("minimal", "minimal", Phase.Ready);

    assertThat(ready.getStatus().observedGeneration).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
    });
    // Defaults were filled in by the API server from the CRD, not by the operator.
    assertThat(ready.getSpec().kafka.mode).hasToString("KRaft");
    assertThat(ready.getStatus().endpoints.kafkaBootstrapServers).isEqualTo("minimal-kafka-bootstrap.minimal.svc:9092");
    for (String name : List.of("minimal-kafka", "minimal-namenode", "minimal-datanode")) {
      StatefulSet sts = admin.apps().statefulSets().inNamespace("minimal").withName(name).get();
      assertThat(sts.getStatus().getReadyReplicas()).as(name).isEqualTo(sts.getSpec().getReplicas());
    }
    assertThat(admin.apps().deployments().inNamespace("minimal").withName("minimal-game-api").get().getStatus()
        .getAvailableReplicas()).isEqualTo(1);
    assertThat(admin.batch().v1().jobs().inNamespace("minimal").list().getItems())
        .singleElement().satisfies(job -> assertThat(job.getStatus().getSucceeded()).isEqualTo(1));
    assertThat(admin.pods().inNamespace("minimal").list().getItems())
        .filteredOn(p -> p.getStatus().getPhase().equals("Running"))
        .hasSizeGreaterThanOrEqualTo(4)
        .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNotNull());
    assertThat(admin.persistentVolumeClaims().inNamespace("minimal").list().getItems()).isNotEmpty()
        .allSatisfy(c -> assertThat(c.getStatus().getPhase()).isEqualTo("Bound"));
    assertOwnedBy(ownedObjects("minimal"), ready);
    // On by default; no ZooKeeper in KRaft mode. One replica of everything: no budget, which would block drains.
    assertThat(admin.network().v1().networkPolicies().inNamespace("minimal").list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("minimal-kafka", "minimal-hdfs", "minimal-game-api");
    assertThat(admin.policy().v1().podDisruptionBudget().inNamespace("minimal").list().getItems()).isEmpty();

    String table = cluster.kubectl("get", "gamepipelines", "-n", "minimal").orThrow().stdout();
    assertThat(table.lines().findFirst().orElseThrow()).containsPattern("NAME\\s+AGE\\s+KAFKA\\s+LAG\\s+PHASE");
    // The pipeline's Kafka and HDFS are pods of a fake node: the lag is unknown, its column empty, the reason said.
    assertThat(table).containsPattern("minimal\\s+\\S+\\s+KRaft\\s+Ready");
    assertThat(admin.resources(GamePipeline.class).inNamespace("minimal").withName("minimal").get().getStatus()
        .freshness.message).isEqualTo("cannot read /tmp/_reports/land.json through WebHDFS at"
        + " http://minimal-namenode.minimal.svc:9870 (ConnectException)");
    String wide = cluster.kubectl("get", "gp", "-n", "minimal", "-o", "wide").orThrow().stdout();
    assertThat(wide).contains("API", "http://minimal-game-api.minimal.svc:5000");
  }

  @Test
  void theOriginalSampleRunsZooKeeperModeToReady() {
    applySample("original", "original.yaml");
    GamePipeline ready = support.awaitPhase("original", "original", Phase.Ready);

    assertThat(ready.getStatus().components).containsKeys("zookeeper", "kafka", "hdfs-namenode", "game-api");
    StatefulSet zk = admin.apps().statefulSets().inNamespace("original").withName("original-zookeeper").get();
    assertThat(zk.getStatus().getReadyReplicas()).isEqualTo(1);
    var route = admin.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute")
        .inNamespace("original").withName("original-game-api").get();
    assertThat(route).as("the API's HTTPRoute").isNotNull();
    assertThat(route.<String>get("spec", "parentRefs", 0, "name")).isEqualTo("gamepipe");
    assertOwnedBy(ownedObjects("original"), ready);
    assertThat(cluster.kubectl("get", "gp", "-n", "original").orThrow().stdout())
        .containsPattern("original\\s+\\S+\\s+ZooKeeper\\s+Ready");
  }

  @Test
  void objectsEditedOrDeletedByHandAreRestored() {
    support.createNamespace("drift");
    admin.resource(pipeline("drift", "drift")).create();
    support.awaitPhase("drift", "drift", Phase.Ready);

    admin.services().inNamespace("drift").withName("drift-kafka-bootstrap").delete();
    retryOnConflict(() -> admin.apps().deployments().inNamespace("drift").withName("drift-game-api").edit(d -> {
      d.getSpec().setReplicas(3);
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil/image:1");
      return d;
    }));
    retryOnConflict(() -> admin.configMaps().inNamespace("drift").withName("drift-hdfs-config").edit(c -> {
      c.getData().put("core-site.xml", "<configuration/>");
      return c;
    }));

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(admin.services().inNamespace("drift").withName("drift-kafka-bootstrap").get()).isNotNull();
      var deployment = admin.apps().deployments().inNamespace("drift").withName("drift-game-api").get();
      assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
      assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo("gamepipe/game-api:0.1.0");
      assertThat(admin.configMaps().inNamespace("drift").withName("drift-hdfs-config").get().getData()
          .get("core-site.xml")).contains("hdfs://drift-namenode.drift.svc:8020");
    });
    support.awaitPhase("drift", "drift", Phase.Ready);
  }

  @Test
  void specChangesRollOutAndTheApiCanBeTurnedOff() {
    String ns = "change";
    support.createNamespace(ns);
    GamePipeline cr = pipeline("change", ns);
    cr.getSpec().gameApi.ingress.host = "play.example.com";
    cr.getSpec().gameApi.httpRoute.gateway = "shared";
    admin.resource(cr).create();
    support.awaitPhase(ns, "change", Phase.Ready);
    String firstTopicJob = admin.batch().v1().jobs().inNamespace(ns).list().getItems().get(0).getMetadata().getName();

    support.edit(ns, "change", p -> {
      p.getSpec().gameApi.replicas = 2;
      p.getSpec().hdfs.dataNodes.replicas = 2;
      p.getSpec().kafka.topic.partitions = 4;
      p.getSpec().gameApi.httpRoute.hostnames = List.of("play.example.com");
    });
    // The real controllers roll the changes out; a new topic spec is a new Job and the old one goes.
    GamePipeline changed = await().atMost(TIMEOUT).until(() -> support.get(ns, "change"),
        p -> p.getStatus().phase == Phase.Ready
            && p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration()));
    // The partitions are in the API's environment: a rolling update, whose surge pod may still be there when the
    // pipeline turns Ready (ready >= wanted). It ends with two pods, both ready and of the new template.
    await().atMost(TIMEOUT).untilAsserted(() -> {
      var rollout = admin.apps().deployments().inNamespace(ns).withName("change-game-api").get().getStatus();
      assertThat(List.of(rollout.getReplicas(), rollout.getUpdatedReplicas(), rollout.getReadyReplicas()))
          .containsOnly(2);
    });
    assertThat(admin.apps().statefulSets().inNamespace(ns).withName("change-datanode").get().getStatus()
        .getReadyReplicas()).isEqualTo(2);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(admin.batch().v1().jobs().inNamespace(ns).list()
        .getItems()).extracting(j -> j.getMetadata().getName()).hasSize(1).doesNotContain(firstTopicJob));
    assertThat(changed.getStatus().components.get("game-api").ready).isTrue();
    await().atMost(TIMEOUT).until(() -> route(ns, "change-game-api") != null
        && List.of("play.example.com").equals(route(ns, "change-game-api").get("spec", "hostnames")));

    support.edit(ns, "change", p -> {
      p.getSpec().gameApi.enabled = false;
      p.getSpec().gameApi.ingress.host = null;
      p.getSpec().gameApi.httpRoute.gateway = null;
      p.getSpec().gameApi.httpRoute.hostnames = List.of();
    });
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(admin.apps().deployments().inNamespace(ns).withName("change-game-api").get()).isNull();
      assertThat(admin.services().inNamespace(ns).withName("change-game-api").get()).isNull();
      assertThat(admin.network().v1().ingresses().inNamespace(ns).withName("change-game-api").get()).isNull();
      assertThat(route(ns, "change-game-api")).isNull();
      GamePipeline withoutApi = support.get(ns, "change");
      assertThat(withoutApi.getStatus().endpoints.apiUrl).isNull();
      assertThat(withoutApi.getStatus().components).doesNotContainKey("game-api");
      assertThat(withoutApi.getStatus().phase).isEqualTo(Phase.Ready);
    });
  }

  @Test
  void aContradictorySpecAppliesNothingAndARunningPipelineKeepsItsKafkaMode() {
    String ns = "refused";
    support.createNamespace(ns);
    GamePipeline bad = pipeline("bad", ns);
    bad.getSpec().hdfs.replication = 2; // one DataNode: the schema allows it, the operator's own checks do not
    admin.resource(bad).create();
    GamePipeline degraded = support.awaitPhase(ns, "bad", Phase.Degraded);
    assertThat(degraded.getStatus().conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Degraded");
      assertThat(c.getReason()).isEqualTo("InvalidSpec");
      assertThat(c.getMessage()).contains("hdfs.replication (2) exceeds hdfs.dataNodes.replicas (1)");
    });
    assertThat(admin.apps().statefulSets().inNamespace(ns).list().getItems()).isEmpty();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(admin.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("InvalidSpec");
          assertThat(e.getInvolvedObject().getName()).isEqualTo("bad");
        }));
    support.edit(ns, "bad", p -> p.getSpec().hdfs.dataNodes.replicas = 2);
    support.awaitPhase(ns, "bad", Phase.Ready);
    // The same contradiction again is the same Event, counted (what kubectl describe shows as "x2"), not a new one.
    support.edit(ns, "bad", p -> p.getSpec().hdfs.dataNodes.replicas = 1);
    support.awaitPhase(ns, "bad", Phase.Degraded);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(admin.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> e.getReason().equals("InvalidSpec") && e.getInvolvedObject().getName().equals("bad"))
        .singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(2)));
    support.edit(ns, "bad", p -> p.getSpec().hdfs.dataNodes.replicas = 2);
    support.awaitPhase(ns, "bad", Phase.Ready);

    // The brokers' metadata lives in ZooKeeper: a switch to KRaft is refused and nothing is touched.
    GamePipeline zk = pipeline("zk", ns);
    zk.getSpec().kafka.mode = io.gamepipe.operator.crd.KafkaSpec.KafkaMode.ZooKeeper;
    admin.resource(zk).create();
    support.awaitPhase(ns, "zk", Phase.Ready);
    String kafkaGeneration = String.valueOf(admin.apps().statefulSets().inNamespace(ns).withName("zk-kafka").get()
        .getMetadata().getGeneration());
    support.edit(ns, "zk", p -> p.getSpec().kafka.mode = io.gamepipe.operator.crd.KafkaSpec.KafkaMode.KRaft);
    GamePipeline refused = support.awaitPhase(ns, "zk", Phase.Degraded);
    assertThat(refused.getStatus().conditions).anySatisfy(c ->
        assertThat(c.getMessage()).contains("kafka.mode cannot change from ZooKeeper to KRaft"));
    assertThat(admin.apps().statefulSets().inNamespace(ns).withName("zk-zookeeper").get()).isNotNull();
    assertThat(String.valueOf(admin.apps().statefulSets().inNamespace(ns).withName("zk-kafka").get().getMetadata()
        .getGeneration())).isEqualTo(kafkaGeneration);
    support.edit(ns, "zk", p -> p.getSpec().kafka.mode = io.gamepipe.operator.crd.KafkaSpec.KafkaMode.ZooKeeper);
    support.awaitPhase(ns, "zk", Phase.Ready);
  }

  @Test
  void aReadyPipelineCostsNoWritesForAMinute() throws InterruptedException {
    support.createNamespace("steady");
    admin.resource(pipeline("steady", "steady")).create();
    support.awaitPhase("steady", "steady", Phase.Ready);
    AuditLog audit = cluster.auditLog();
    // Settled: the operator's last write to this namespace (the status saying Ready) is behind us.
    await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() ->
        writesIn(audit, "steady", Instant.now().minusSeconds(5)).isEmpty());
    Instant from = Instant.now();
    long reconciliationsBefore = reconciliations();

    Thread.sleep(Duration.ofSeconds(60).toMillis());

    assertThat(writesIn(audit, "steady", from)).as("writes by the operator to a Ready pipeline").isEmpty();
    // Leader election renews its Lease, a write by design; nothing else is written anywhere.
    assertThat(audit.by(InstalledOperator.USER, from)).filteredOn(AuditLog.Entry::isWrite)
        .allSatisfy(e -> assertThat(e.resource()).isEqualTo("leases"));
    assertThat(support.get("steady", "steady").getStatus().phase).isEqualTo(Phase.Ready);
    System.out.printf("steady state: %d reconciliations of all pipelines in 60 s, %d API requests by the operator%n",
        reconciliations() - reconciliationsBefore, audit.by(InstalledOperator.USER, from).size());
  }

  static List<AuditLog.Entry> writesIn(AuditLog audit, String namespace, Instant since) {
    return audit.by(InstalledOperator.USER, since).stream()
        .filter(AuditLog.Entry::isWrite)
        .filter(e -> namespace.equals(e.namespace()))
        .toList();
  }

  static long reconciliations() {
    return operator.reconciler().reconciliations();
  }

  @Test
  void deletingAPipelineLeavesItsObjectsToTheGarbageCollectorAndClaimsToTheDeletionPolicy() {
    support.createNamespace("retain");
    admin.resource(pipeline("kept", "retain")).create();
    support.createNamespace("purge");
    GamePipeline purge = pipeline("purged", "purge");
    purge.getSpec().deletionPolicy = io.gamepipe.operator.crd.GamePipelineSpec.DeletionPolicy.Delete;
    admin.resource(purge).create();
    support.awaitPhase("retain", "kept", Phase.Ready);
    support.awaitPhase("purge", "purged", Phase.Ready);
    assertThat(admin.persistentVolumeClaims().inNamespace("retain").list().getItems()).isNotEmpty();
    assertThat(admin.persistentVolumeClaims().inNamespace("purge").list().getItems()).isNotEmpty();

    cluster.kubectl("delete", "gamepipeline", "kept", "-n", "retain", "--wait=true").orThrow();
    cluster.kubectl("delete", "gp", "purged", "-n", "purge", "--wait=true").orThrow();

    for (String namespace : List.of("retain", "purge")) {
      await().atMost(TIMEOUT).untilAsserted(() -> {
        assertThat(ownedObjects(namespace)).as("objects left in %s", namespace).isEmpty();
        assertThat(admin.pods().inNamespace(namespace).list().getItems()).isEmpty();
      });
    }
    // Retain: the data outlives the pipeline. Delete: the StatefulSets' claims go with them.
    assertThat(admin.persistentVolumeClaims().inNamespace("retain").list().getItems()).isNotEmpty();
    await().atMost(TIMEOUT).until(() -> admin.persistentVolumeClaims().inNamespace("purge").list().getItems()
        .isEmpty());

    cluster.kubectl("delete", "namespace", "retain", "purge", "--wait=false").orThrow();
    await().atMost(TIMEOUT).until(() -> admin.namespaces().withName("retain").get() == null
        && admin.namespaces().withName("purge").get() == null);
  }

  static io.fabric8.kubernetes.api.model.GenericKubernetesResource route(String namespace, String name) {
    return admin.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace(namespace)
        .withName(name).get();
  }

  static GamePipeline pipeline(String name, String namespace) {
    return io.gamepipe.operator.Fixtures.newPipeline(name, namespace);
  }
}
