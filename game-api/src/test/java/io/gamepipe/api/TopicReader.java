package io.gamepipe.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a one-partition topic up to its current end, like {@code kafkacat -C -o <offset> -e}. */
final class TopicReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: its key, its raw value and the value parsed into fields, in their order on the wire. */
    record Event(String key, String raw, Map<String, Object> fields) {
    }

    private TopicReader() {
    }

    static long endOffset(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    static List<Event> readFrom(String bootstrapServers, String topic, long offset) {
        return readFrom(bootstrapServers, topic, 0, offset);
    }

    /** The same for one partition of a topic that has several. */
    static List<Event> readFrom(String bootstrapServers, String topic, int partitionNumber, long offset) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
            TopicPartition partition = new TopicPartition(topic, partitionNumber);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.seek(partition, offset);
            List<Event> events = new ArrayList<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    String raw = new String(record.value(), StandardCharsets.UTF_8);
                    events.add(new Event(record.key(), raw, parse(raw)));
                }
            }
            return events;
        }
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + json, e);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "enable.auto.commit", "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
