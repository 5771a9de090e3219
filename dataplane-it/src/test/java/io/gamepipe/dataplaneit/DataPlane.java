package io.gamepipe.dataplaneit;

import io.gamepipe.embedded.junit.HdfsExtension;
import io.gamepipe.embedded.junit.KafkaExtension;
import io.gamepipe.events.JobReports;
import io.gamepipe.events.PipelineJob;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The real Kafka and HDFS of a test class: events with chosen timestamps, and reports as the jobs write them. */
final class DataPlane {
  private final KafkaExtension kafka;
  private final HdfsExtension hdfs;

  DataPlane(KafkaExtension kafka, HdfsExtension hdfs) {
    this.kafka = kafka;
    this.hdfs = hdfs;
  }

  String webHdfsUrl() {
    return "http://localhost:" + hdfs.hdfs().httpPort();
  }

  /** One event into {@code partition}, with Kafka timestamp {@code at}; waits for the acknowledgement. */
  void send(String topic, int partition, Instant at) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, partition, at.toEpochMilli(), null,
          "{\"event_type\": \"default\"}".getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  /** Land's report with these figures, at the path and with the fields of the contract (events' JobReports). */
  void writeLandReport(String root, String topic, Map<Integer, Long> committed, long events, Instant finishedAt)
      throws IOException {
    String offsets = new TreeMap<>(committed).entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\": " + e.getValue()).collect(Collectors.joining(", "));
    writeReport(root, PipelineJob.LAND.id(), "{\"" + JobReports.FINISHED_AT + "\": \"" + finishedAt + "\", \""
        + JobReports.TOPIC + "\": \"" + topic + "\", \"" + JobReports.COMMITTED_OFFSETS + "\": {" + offsets + "}, \""
        + JobReports.EVENTS_LANDED + "\": " + events + "}");
  }

  void writeReport(String root, String job, String json) throws IOException {
    try (FileSystem fs = hdfs.hdfs().newClient();
        OutputStream out = fs.create(new Path(root + "/" + JobReports.FOLDER + "/" + job + ".json"), true)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
  }
}
