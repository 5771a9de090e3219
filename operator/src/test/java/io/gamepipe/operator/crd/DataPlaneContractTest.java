package io.gamepipe.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.events.EventTopic;
import io.gamepipe.events.PipelineJob;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The operator's main code depends on no data-plane module, so it keeps its own copy of the contract's facts
 * (docs/interfaces.md); this test holds the copy equal to the contract module (events), which spark-app tests
 * against its own main classes.
 */
class DataPlaneContractTest {
  @Test
  void theJobsAndTheirMainClassesAreTheContracts() {
    assertThat(Arrays.stream(JobName.values()).map(job -> job.id() + "=" + job.mainClass()))
        .containsExactlyElementsOf(Arrays.stream(PipelineJob.values()).map(job -> job.id() + "=" + job.mainClass())
            .toList());
  }

  @Test
  void theDefaultTopicIsTheContracts() {
    assertThat(Defaults.TOPIC).isEqualTo(EventTopic.DEFAULT_NAME);
    TopicSpec topic = new TopicSpec();
    assertThat(topic.partitions).isEqualTo(EventTopic.DEFAULT_PARTITIONS);
    assertThat(topic.replication).isEqualTo(EventTopic.DEFAULT_REPLICATION);
  }
}
