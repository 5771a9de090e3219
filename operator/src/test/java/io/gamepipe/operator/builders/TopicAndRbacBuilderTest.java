package io.gamepipe.operator.builders;

import static io.gamepipe.operator.builders.PodAssertions.assertHardened;
import static io.gamepipe.operator.builders.PodAssertions.assertOwned;
import static io.gamepipe.operator.builders.PodAssertions.assertPlacement;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import org.junit.jupiter.api.Test;

class TopicAndRbacBuilderTest {
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");

  @Test
  void topicJobCreatesTheTopicIdempotentlyAndOnlyGrowsPartitions() {
    cr.getSpec().kafka.brokers = 3;
    cr.getSpec().kafka.topic.name = "game-events";
    cr.getSpec().kafka.topic.partitions = 6;
    cr.getSpec().kafka.topic.replication = 3;
    PodAssertions.withPodSettings(cr);
    String script = TopicBuilder.script(cr);
    assertThat(script).contains("kafka-topics.sh --bootstrap-server game-kafka-bootstrap.prod.svc:9092 --create"
        + " --if-not-exists --topic game-events --partitions 6 --replication-factor 3")
        .contains("if [ \"$current\" -lt 6 ]; then")
        .contains("--alter --topic game-events --partitions 6");
    var job = TopicBuilder.job(cr);
    assertOwned(job, cr, "kafka-topic");
    assertThat(job.getMetadata().getName()).isEqualTo(TopicBuilder.name(cr)).matches("game-topic-[0-9a-f]{8}");
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("OnFailure");
    assertThat(pod.getContainers().get(0).getImage()).isEqualTo("apache/kafka:3.9.2");
    assertThat(pod.getContainers().get(0).getCommand()).containsExactly("bash", "-c", script);
    assertHardened(pod, false);
    assertPlacement(pod);
    // A CLI run for seconds: its own small size, not the components' pod.resources; the tool's heap fits it.
    assertThat(pod.getContainers().get(0).getResources().getLimits()).containsEntry("memory", new Quantity("256Mi"));
    assertThat(pod.getContainers().get(0).getEnv()).singleElement().satisfies(e -> {
      assertThat(e.getName()).isEqualTo("KAFKA_HEAP_OPTS");
      assertThat(e.getValue()).isEqualTo("-Xmx128m");
    });
  }

  @Test
  void aChangedTopicIsANewJobAndAnUnchangedOneKeepsItsName() {
    String before = TopicBuilder.name(cr);
    assertThat(TopicBuilder.name(Fixtures.pipeline("game", "prod"))).isEqualTo(before);
    cr.getSpec().kafka.topic.partitions = 2;
    assertThat(TopicBuilder.name(cr)).isNotEqualTo(before);
  }

  @Test
  void sparkDriversMayManageTheirExecutorsAndNothingElse() {
    var account = SparkRbacBuilder.serviceAccount(cr);
    assertOwned(account, cr, "spark");
    assertThat(account.getMetadata().getName()).isEqualTo("game-spark");
    var role = SparkRbacBuilder.role(cr);
    assertOwned(role, cr, "spark");
    assertThat(role.getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getApiGroups()).containsExactly("");
      assertThat(rule.getResources()).containsExactlyInAnyOrder("pods", "services", "configmaps",
          "persistentvolumeclaims");
      assertThat(rule.getVerbs()).contains("create", "delete", "watch");
    });
    var binding = SparkRbacBuilder.roleBinding(cr);
    assertOwned(binding, cr, "spark");
    assertThat(binding.getRoleRef().getName()).isEqualTo("game-spark");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo("game-spark");
      assertThat(s.getNamespace()).isEqualTo("prod");
    });
  }
}
