package io.gamepipe.operator.builders;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every component has requests and a memory limit by default, and its JVM a heap that fits that limit, set through
 * the variable its image's start script reads (zkEnv.sh ZK_SERVER_HEAP, default 1000 MB; kafka-server-start.sh
 * KAFKA_HEAP_OPTS, default 1 GiB; hadoop-functions.sh HADOOP_HEAPSIZE_MAX; any JVM JAVA_TOOL_OPTIONS).
 */
class ResourcesTest {
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");

  private Map<String, Container> mainContainers() {
    cr.getSpec().kafka.mode = KafkaMode.ZooKeeper;
    Map<String, Container> containers = new LinkedHashMap<>();
    containers.put("zookeeper", ZooKeeperBuilder.statefulSet(cr).getSpec().getTemplate().getSpec().getContainers().get(0));
    containers.put("kafka", KafkaBuilder.statefulSet(cr).getSpec().getTemplate().getSpec().getContainers().get(0));
    containers.put("namenode", HdfsBuilder.nameNodeStatefulSet(cr).getSpec().getTemplate().getSpec().getContainers().get(0));
    containers.put("datanode", HdfsBuilder.dataNodeStatefulSet(cr).getSpec().getTemplate().getSpec().getContainers().get(0));
    containers.put("game-api", GameApiBuilder.deployment(cr).getSpec().getTemplate().getSpec().getContainers().get(0));
    return containers;
  }

  private static final Map<String, String> HEAP_VARIABLE = Map.of("zookeeper", "ZK_SERVER_HEAP",
      "kafka", "KAFKA_HEAP_OPTS", "namenode", "HADOOP_HEAPSIZE_MAX", "datanode", "HADOOP_HEAPSIZE_MAX",
      "game-api", "JAVA_TOOL_OPTIONS");

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void everyComponentHasDefaultsAndAHeapOfHalfItsMemoryLimit() {
    Map<String, String> expectedHeap = Map.of("zookeeper", "192", "kafka", "-Xmx384m -Xms384m",
        "namenode", "256m", "datanode", "256m", "game-api", "-Xmx256m");
    Map<String, String> expectedMemory = Map.of("zookeeper", "384Mi", "kafka", "768Mi", "namenode", "512Mi",
        "datanode", "512Mi", "game-api", "512Mi");
    mainContainers().forEach((component, container) -> {
      var resources = container.getResources();
      assertThat(resources.getRequests()).as(component).containsKeys("cpu", "memory");
      assertThat(resources.getLimits()).as(component).containsOnlyKeys("memory")
          .containsEntry("memory", new Quantity(expectedMemory.get(component)));
      assertThat(resources.getRequests().get("memory")).as("request = limit: " + component)
          .isEqualTo(resources.getLimits().get("memory"));
      assertThat(env(container)).as(component).containsEntry(HEAP_VARIABLE.get(component), expectedHeap.get(component));
    });
  }

  @Test
  void aComponentsOwnResourcesWinThenPodResources() {
    cr.getSpec().pod.resources = new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("1")).addToLimits("memory", new Quantity("2Gi")).build();
    cr.getSpec().kafka.resources = new ResourceRequirementsBuilder()
        .addToRequests("memory", new Quantity("3Gi")).build();
    cr.getSpec().zookeeper.resources = new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("1Gi")).build();
    cr.getSpec().hdfs.nameNode.resources = new ResourceRequirementsBuilder()
        .addToLimits("memory", new Quantity("1536Mi")).build();
    cr.getSpec().hdfs.dataNodes.resources = new ResourceRequirementsBuilder()
        .addToLimits("memory", new Quantity("600Mi")).build();
    var containers = mainContainers();
    // No limit: the heap is half the request.
    assertThat(env(containers.get("kafka"))).containsEntry("KAFKA_HEAP_OPTS", "-Xmx1536m -Xms1536m");
    assertThat(containers.get("kafka").getResources()).isEqualTo(cr.getSpec().kafka.resources);
    assertThat(env(containers.get("zookeeper"))).containsEntry("ZK_SERVER_HEAP", "512");
    assertThat(env(containers.get("namenode"))).containsEntry("HADOOP_HEAPSIZE_MAX", "768m");
    assertThat(env(containers.get("datanode"))).containsEntry("HADOOP_HEAPSIZE_MAX", "300m");
    // pod.resources for the component that sets none.
    assertThat(containers.get("game-api").getResources()).isEqualTo(cr.getSpec().pod.resources);
    assertThat(env(containers.get("game-api"))).containsEntry("JAVA_TOOL_OPTIONS", "-Xmx1024m");
  }

  @Test
  void withoutAnyMemoryFigureTheImagesOwnHeapDefaultStays() {
    cr.getSpec().kafka.resources = new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("2")).build();
    var kafka = mainContainers().get("kafka");
    assertThat(env(kafka)).doesNotContainKey("KAFKA_HEAP_OPTS");
    assertThat(kafka.getResources().getRequests()).containsOnlyKeys("cpu");
  }

  @Test
  void helpersHaveTheirOwnSmallFixedSize() {
    cr.getSpec().kafka.mode = KafkaMode.ZooKeeper;
    var wait = KafkaBuilder.statefulSet(cr).getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertThat(wait.getResources().getLimits()).containsEntry("memory", new Quantity("32Mi"));
    var topic = TopicBuilder.job(cr).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(topic.getResources().getLimits()).containsEntry("memory", new Quantity("256Mi"));
  }
}
