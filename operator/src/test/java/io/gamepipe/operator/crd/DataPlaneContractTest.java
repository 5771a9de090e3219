package io.gamepipe.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.events.EventTopic;
import io.gamepipe.events.JobCompilerFlags;
import io.gamepipe.events.JobReports;
import io.gamepipe.events.PipelineJob;
import io.gamepipe.operator.builders.JobCompilerOptions;
import io.gamepipe.operator.freshness.FreshnessTarget;
import io.gamepipe.operator.freshness.Reports;
import java.util.Arrays;
import java.util.List;
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

  @Test
  void theReportsAreTheContracts() {
    assertThat(List.of(Reports.FINISHED_AT, Reports.TOPIC, Reports.COMMITTED_OFFSETS, Reports.EVENTS_LANDED,
        Reports.FILES_BEFORE, Reports.FILES_AFTER, Reports.RETENTION_DAYS, Reports.PARTITIONS_DELETED,
        Reports.BYTES_FREED)).containsExactly(JobReports.FINISHED_AT, JobReports.TOPIC, JobReports.COMMITTED_OFFSETS,
        JobReports.EVENTS_LANDED, JobReports.FILES_BEFORE, JobReports.FILES_AFTER, JobReports.RETENTION_DAYS,
        JobReports.PARTITIONS_DELETED, JobReports.BYTES_FREED);
    var target = new FreshnessTarget("kafka:9092", "events", "http://namenode:9870", "/data/");
    assertThat(target.reportPath(Reports.LAND)).isEqualTo(JobReports.path("/data", PipelineJob.LAND));
  }

  @Test
  void theCompilerChoiceByBacklogIsTheContracts() {
    assertThat(JobCompilerOptions.C2_FROM_RECORDS).isEqualTo(JobCompilerFlags.C2_FROM_RECORDS);
    for (long records : new long[] {0, 1, JobCompilerFlags.C2_FROM_RECORDS - 1, JobCompilerFlags.C2_FROM_RECORDS,
        10 * JobCompilerFlags.C2_FROM_RECORDS}) {
      assertThat(JobCompilerOptions.forBacklog(records)).as(records + " records")
          .isEqualTo(JobCompilerFlags.forBacklog(records));
    }
    assertThat(JobCompilerOptions.withoutBacklog()).isEqualTo(JobCompilerFlags.withoutBacklog());
    assertThat(JobCompilerOptions.COLLECTOR).isEqualTo(JobCompilerFlags.COLLECTOR);
  }
}
