package io.gamepipe.operator.freshness;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real observer: land's and compact's reports over WebHDFS, the topic's offsets with Kafka's AdminClient, and
 * the age of the oldest event not landed from a consumer that reads one record at land's committed offset of each
 * partition behind. Each part that fails leaves its figures unknown and says why; the others still count.
 */
public final class DataPlaneFreshnessObserver implements FreshnessObserver {
  /** How long one question to Kafka or HDFS may take: polls run on a small shared pool. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Duration kafkaTimeout;
  private final Duration hdfsTimeout;
  private final HttpClient http;

  public DataPlaneFreshnessObserver() {
    this(TIMEOUT, TIMEOUT);
  }

  /** How long to wait for Kafka, and for WebHDFS (whose first request is slow: the NameNode loads its REST stack). */
  public DataPlaneFreshnessObserver(Duration kafkaTimeout, Duration hdfsTimeout) {
    this.kafkaTimeout = kafkaTimeout;
    this.hdfsTimeout = hdfsTimeout;
    this.http = WebHdfsReader.client(hdfsTimeout);
  }

  @Override
  public Freshness observe(FreshnessTarget target) {
    List<String> problems = new ArrayList<>();
    LandReport land = null;
    CompactReport compact = null;
    WebHdfsReader hdfs = new WebHdfsReader(http, hdfsTimeout);
    String reportPath = target.reportPath(Reports.LAND);
    try {
      Optional<String> landJson = hdfs.read(target.webHdfsUrl(), reportPath);
      if (landJson.isPresent()) {
        land = Reports.land(landJson.get());
      }
      reportPath = target.reportPath(Reports.COMPACT);
      Optional<String> compactJson = hdfs.read(target.webHdfsUrl(), reportPath);
      if (compactJson.isPresent()) {
        compact = Reports.compact(compactJson.get());
      }
    } catch (IOException | RuntimeException e) {
      problems.add("cannot read " + reportPath + " through WebHDFS at " + target.webHdfsUrl() + " (" + why(e) + ")");
    }
    Long eventsNotLanded = null;
    Instant oldest = null;
    if (problems.isEmpty()) {
      KafkaTopicReader kafka = new KafkaTopicReader(target.bootstrapServers(), kafkaTimeout);
      try {
        TopicOffsets offsets = kafka.offsets(target.topic());
        Map<Integer, Long> firstNotLanded = Lag.firstNotLanded(offsets, land, target.topic());
        eventsNotLanded = Lag.eventsNotLanded(offsets, firstNotLanded);
        oldest = firstNotLanded.isEmpty() ? null
            : kafka.timestampsAt(target.topic(), firstNotLanded).values().stream()
                .min(Comparator.naturalOrder()).orElse(null);
      } catch (KafkaTopicReader.KafkaUnavailableException e) {
        problems.add(e.getMessage());
      }
    }
    // A missing report is a land that never ran; an unreadable one leaves the count unknown rather than wrong.
    return new Freshness(eventsNotLanded, oldest, land, compact, problems.isEmpty() ? null : String.join("; ", problems));
  }

  /** A cause in words that stay the same while it lasts (the status is written when they change). */
  static String why(Exception e) {
    if (e instanceof JsonProcessingException) {
      return "not valid JSON";
    }
    // Our own messages (HTTP status, a bad field) are stable; the JDK's network messages may carry changing details.
    return e.getClass() == IOException.class && e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
