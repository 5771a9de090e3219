package io.gamepipe.operator.freshness;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the freshness needs from Kafka: a topic's offsets, and the timestamp of the record at a given offset. */
final class KafkaTopicReader {
  private final String bootstrapServers;
  private final Duration timeout;

  KafkaTopicReader(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  /** The earliest and the end offsets of every partition of {@code topic}. */
  TopicOffsets offsets(String topic) throws KafkaUnavailableException {
    int timeoutMs = (int) timeout.toMillis();
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
        AdminClientConfig.CLIENT_ID_CONFIG, "gamepipe-operator-freshness");
    try (Admin admin = Admin.create(config)) {
      TopicDescription description = admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
          .get(timeoutMs, TimeUnit.MILLISECONDS);
      List<TopicPartition> partitions = description.partitions().stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      return new TopicOffsets(offsets(admin, partitions, OffsetSpec.earliest()),
          offsets(admin, partitions, OffsetSpec.latest()));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new KafkaUnavailableException("topic " + topic + " does not exist yet in Kafka at " + bootstrapServers);
      }
      throw unreachable(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
          ? "no answer within " + timeout.toSeconds() + " s" : e.getCause().getClass().getSimpleName());
    } catch (TimeoutException e) {
      throw unreachable("no answer within " + timeout.toSeconds() + " s");
    } catch (KafkaException e) {
      throw unreachable("no address resolves"); // the client's constructor fails so when no bootstrap host resolves
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted");
    }
  }

  private Map<Integer, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, ListOffsetsResultInfo> found = admin
        .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
        .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Map<Integer, Long> offsets = new HashMap<>();
    found.forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
    return offsets;
  }

  /**
   * The timestamp of the first record at or after each given offset, oldest first; a partition that gives no record
   * within the timeout is left out.
   */
  Map<Integer, Instant> timestampsAt(String topic, Map<Integer, Long> firstOffsets) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gamepipe-operator-freshness");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // One record per partition is all it needs: small fetches.
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(64 * 1024));
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString((int) timeout.toMillis()));
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString((int) timeout.toMillis()));
    Map<Integer, Instant> timestamps = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = firstOffsets.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(partitions);
      firstOffsets.forEach((partition, offset) -> consumer.seek(new TopicPartition(topic, partition), offset));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (timestamps.size() < firstOffsets.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          timestamps.putIfAbsent(record.partition(), Instant.ofEpochMilli(record.timestamp()));
          consumer.pause(List.of(new TopicPartition(topic, record.partition())));
        }
      }
    } catch (KafkaException e) {
      // The offsets were just read: a failure here leaves the age unknown, the count stays.
    }
    return timestamps;
  }

  private KafkaUnavailableException unreachable(String why) {
    return new KafkaUnavailableException("cannot reach Kafka at " + bootstrapServers + " (" + why + ")");
  }

  /** Kafka could not tell; the message names the address and a cause that stays the same while it lasts. */
  static final class KafkaUnavailableException extends Exception {
    KafkaUnavailableException(String message) {
      super(message);
    }
  }
}
