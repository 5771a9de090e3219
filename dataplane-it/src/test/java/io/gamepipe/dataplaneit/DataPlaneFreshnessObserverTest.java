package io.gamepipe.dataplaneit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.embedded.FreePorts;
import io.gamepipe.embedded.junit.HdfsExtension;
import io.gamepipe.embedded.junit.KafkaExtension;
import io.gamepipe.events.JobReports;
import io.gamepipe.events.PipelineJob;
import io.gamepipe.operator.freshness.CompactReport;
import io.gamepipe.operator.freshness.DataPlaneFreshnessObserver;
import io.gamepipe.operator.freshness.Freshness;
import io.gamepipe.operator.freshness.FreshnessTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's freshness observer against a real Kafka broker and a real HDFS read through WebHDFS. */
class DataPlaneFreshnessObserverTest {
  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.kraft();
  @RegisterExtension
  static final HdfsExtension HDFS = new HdfsExtension();

  private static final Instant T0 = Instant.parse("2026-12-02T05:00:00Z");
  private final DataPlane dataPlane = new DataPlane(KAFKA, HDFS);
  /** Generous: WebHDFS's first answers are slow on a loaded machine (a timeout is a stable unknown, not a figure). */
  private static final Duration HDFS_TIMEOUT = Duration.ofMinutes(1);
  private final DataPlaneFreshnessObserver observer = new DataPlaneFreshnessObserver(Duration.ofSeconds(30), HDFS_TIMEOUT);

  private FreshnessTarget target(String topic, String root) {
    return new FreshnessTarget(KAFKA.bootstrapServers(), topic, dataPlane.webHdfsUrl(), root);
  }

  @Test
  void countsTheEventsAfterLandsCommittedOffsetsAndFindsTheOldestOfThem() throws Exception {
    String topic = "fresh-" + UUID.randomUUID();
    String root = "/fresh/" + UUID.randomUUID();
    KAFKA.kafka().createTopic(topic, 2);
    // partition 0: offsets 0..4 at T0+0..4 min; partition 1: offsets 0..2 at T0+10..12 min
    for (int i = 0; i < 5; i++) {
      dataPlane.send(topic, 0, T0.plus(Duration.ofMinutes(i)));
    }
    for (int i = 0; i < 3; i++) {
      dataPlane.send(topic, 1, T0.plus(Duration.ofMinutes(10 + i)));
    }

    Freshness neverLanded = observer.observe(target(topic, root));
    assertThat(neverLanded).isEqualTo(new Freshness(8L, T0, null, null, null));

    dataPlane.writeLandReport(root, topic, Map.of(0, 3L), 3, T0.plus(Duration.ofMinutes(20)));
    long start = System.nanoTime();
    Freshness landedSome = observer.observe(target(topic, root));
    // A figure for the docs, not a bound: one poll of a pipeline (two reports, offsets, two records read).
    System.out.printf("one freshness observation: %d ms%n", (System.nanoTime() - start) / 1_000_000);
    assertThat(landedSome.eventsNotLanded()).as("2 left in partition 0, partition 1 never landed").isEqualTo(2 + 3);
    assertThat(landedSome.oldestNotLanded()).as("offset 3 of partition 0").isEqualTo(T0.plus(Duration.ofMinutes(3)));
    assertThat(landedSome.land().finishedAt()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
    assertThat(landedSome.land().eventsLanded()).isEqualTo(3);
    assertThat(landedSome.problem()).isNull();

    dataPlane.writeLandReport(root, topic, Map.of(0, 5L, 1, 3L), 5, T0.plus(Duration.ofMinutes(30)));
    dataPlane.writeReport(root, "compact", """
        {"finishedAt": "2026-12-02T05:40:00Z", "filesBefore": 40, "filesAfter": 2, "retentionDays": 7,
         "partitionsDeleted": 3, "bytesFreed": 9000}""");
    Freshness allLanded = observer.observe(target(topic, root));
    assertThat(allLanded.eventsNotLanded()).isZero();
    assertThat(allLanded.oldestNotLanded()).isNull();
    assertThat(allLanded.compact()).isEqualTo(new CompactReport(Instant.parse("2026-12-02T05:40:00Z"), 40L, 2L, 7L, 3L,
        9000L));
    assertThat(observer.observe(target(topic, root))).as("nothing changed, nothing to write").isEqualTo(allLanded);
  }

  @Test
  void whatCannotBeReachedIsUnknownWithTheSameReasonEachTime() {
    String root = "/fresh/" + UUID.randomUUID();
    int closed = FreePorts.pick();
    var noKafka = new FreshnessTarget("localhost:" + closed, "events", dataPlane.webHdfsUrl(), root);
    Freshness first = new DataPlaneFreshnessObserver(Duration.ofSeconds(2), HDFS_TIMEOUT).observe(noKafka);
    assertThat(first.eventsNotLanded()).isNull();
    assertThat(first.problem()).isEqualTo("cannot reach Kafka at localhost:" + closed + " (no answer within 2 s)");
    assertThat(new DataPlaneFreshnessObserver(Duration.ofSeconds(2), HDFS_TIMEOUT).observe(noKafka)).isEqualTo(first);

    var noSuchHost = new FreshnessTarget("game-kafka-bootstrap.prod.svc:9092", "events", dataPlane.webHdfsUrl(), root);
    assertThat(observer.observe(noSuchHost).problem())
        .isEqualTo("cannot reach Kafka at game-kafka-bootstrap.prod.svc:9092 (no address resolves)");

    var noTopic = target("no-such-topic", root);
    assertThat(observer.observe(noTopic).problem())
        .isEqualTo("topic no-such-topic does not exist yet in Kafka at " + KAFKA.bootstrapServers());

    var noHdfs = new FreshnessTarget(KAFKA.bootstrapServers(), "events", "http://localhost:" + closed, root);
    Freshness hdfsDown = observer.observe(noHdfs);
    assertThat(hdfsDown).isEqualTo(new Freshness(null, null, null, null, "cannot read " + root
        + "/_reports/land.json through WebHDFS at http://localhost:" + closed + " (ConnectException)"));
  }

  @Test
  void aBrokenReportIsNamed() throws Exception {
    String topic = "broken-" + UUID.randomUUID();
    String root = "/fresh/" + UUID.randomUUID();
    KAFKA.kafka().createTopic(topic, 1);
    dataPlane.writeReport(root, PipelineJob.LAND.id(), "{\"" + JobReports.FINISHED_AT + "\": \"yesterday\"}");

    assertThat(observer.observe(target(topic, root)).problem()).isEqualTo("cannot read " + root
        + "/_reports/land.json through WebHDFS at " + dataPlane.webHdfsUrl()
        + " (report: finishedAt 'yesterday' is not an ISO-8601 instant)");
  }
}
