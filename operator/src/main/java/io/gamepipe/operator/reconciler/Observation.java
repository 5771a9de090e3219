package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.gamepipe.operator.builders.GameApiBuilder;
import io.gamepipe.operator.builders.HdfsBuilder;
import io.gamepipe.operator.builders.KafkaBuilder;
import io.gamepipe.operator.builders.Names;
import io.gamepipe.operator.builders.TopicBuilder;
import io.gamepipe.operator.builders.ZooKeeperBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus.ComponentStatus;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What exists in the cluster for one CR, read from the informer caches, and what it means per component. */
public record Observation(Map<String, ComponentStatus> components, List<GenericKubernetesResource> sparkApplications,
    List<Job> staleTopicJobs) {

  public static Observation of(GamePipeline cr, Collection<StatefulSet> statefulSets,
      Collection<Deployment> deployments, Collection<Job> jobs, Collection<GenericKubernetesResource> runs) {
    Map<String, ComponentStatus> components = new LinkedHashMap<>();
    if (cr.getSpec().kafka.mode == KafkaMode.ZooKeeper) {
      components.put(ZooKeeperBuilder.COMPONENT, statefulSet(named(statefulSets, Names.zooKeeper(cr))));
    }
    components.put(KafkaBuilder.COMPONENT, statefulSet(named(statefulSets, Names.kafka(cr))));
    Optional<Job> topicJob = named(jobs, TopicBuilder.name(cr));
    components.put(TopicBuilder.COMPONENT, new ComponentStatus(topicJob.map(Observation::succeeded).orElse(false),
        null, null, topicJob.isEmpty() ? "waiting for Kafka" : succeeded(topicJob.get()) ? null : "creating topic"));
    components.put(HdfsBuilder.NAMENODE, statefulSet(named(statefulSets, Names.nameNode(cr))));
    components.put(HdfsBuilder.DATANODE, statefulSet(named(statefulSets, Names.dataNode(cr))));
    if (cr.getSpec().gameApi.enabled) {
      components.put(GameApiBuilder.COMPONENT, deployment(named(deployments, Names.gameApi(cr))));
    }
    String uid = cr.getMetadata().getUid();
    List<Job> stale = jobs.stream()
        .filter(job -> job.getMetadata().getName().startsWith(Names.topicJobPrefix(cr)))
        .filter(job -> !job.getMetadata().getName().equals(TopicBuilder.name(cr)))
        .filter(job -> ownedBy(job, uid))
        .toList();
    List<GenericKubernetesResource> owned = runs.stream().filter(run -> ownedBy(run, uid)).toList();
    return new Observation(components, owned, stale);
  }

  private static boolean ownedBy(HasMetadata object, String uid) {
    return object.getMetadata().getOwnerReferences().stream().anyMatch(ref -> Objects.equals(ref.getUid(), uid));
  }

  private static <T extends HasMetadata> Optional<T> named(Collection<T> objects, String name) {
    return objects.stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  public static boolean ready(StatefulSet sts) {
    return statefulSet(Optional.of(sts)).ready;
  }

  public static boolean succeeded(Job job) {
    return job.getStatus() != null && Optional.ofNullable(job.getStatus().getSucceeded()).orElse(0) > 0;
  }

  private static ComponentStatus statefulSet(Optional<StatefulSet> sts) {
    return sts.map(s -> replicas(s.getSpec().getReplicas(), s.getStatus() == null ? null : s.getStatus().getReadyReplicas()))
        .orElseGet(Observation::notCreated);
  }

  private static ComponentStatus deployment(Optional<Deployment> deployment) {
    return deployment.map(d -> replicas(d.getSpec().getReplicas(),
        d.getStatus() == null ? null : d.getStatus().getReadyReplicas())).orElseGet(Observation::notCreated);
  }

  private static ComponentStatus notCreated() {
    return new ComponentStatus(false, null, null, "not created yet");
  }

  private static ComponentStatus replicas(Integer wantedOrNull, Integer readyOrNull) {
    int wanted = Optional.ofNullable(wantedOrNull).orElse(1);
    int ready = Optional.ofNullable(readyOrNull).orElse(0);
    return new ComponentStatus(ready >= wanted, wanted, ready, ready >= wanted ? null : ready + "/" + wanted + " ready");
  }

  public boolean allReady() {
    return components.values().stream().allMatch(c -> c.ready);
  }

  /** Runs need the brokers, the topic and HDFS; the game API is not needed by them. */
  public boolean dataPlaneReady() {
    return components.entrySet().stream()
        .filter(e -> !e.getKey().equals(GameApiBuilder.COMPONENT))
        .allMatch(e -> e.getValue().ready);
  }
}
