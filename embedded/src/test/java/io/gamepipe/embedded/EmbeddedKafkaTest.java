package io.gamepipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.embedded.junit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaTest {

    @Nested
    class KRaftMode {
        @RegisterExtension
        static final KafkaExtension KAFKA = KafkaExtension.kraft();

        @Test
        void keepsWhatWasProducedAcrossARestart() throws Exception {
            KAFKA.kafka().createTopic("restart-test", 1);
            produce(KAFKA.bootstrapServers(), "restart-test", "before");

            KAFKA.kafka().stop();
            assertThat(KAFKA.kafka().isRunning()).isFalse();
            KAFKA.kafka().start();

            produce(KAFKA.bootstrapServers(), "restart-test", "after");
            assertThat(readAll(KAFKA.bootstrapServers(), "restart-test", 2)).containsExactly("before", "after");
        }

        @Test
        void createTopicIsIdempotent() {
            KAFKA.kafka().createTopic("twice", 3);
            KAFKA.kafka().createTopic("twice", 3);
            assertThat(partitionCount(KAFKA.bootstrapServers(), "twice")).isEqualTo(3);
        }
    }

    @Nested
    class ZooKeeperMode {
        @RegisterExtension
        static final KafkaExtension KAFKA = KafkaExtension.zooKeeper();

        @Test
        void servesProducersAndConsumers() throws Exception {
            assertThat(KAFKA.kafka().mode()).isEqualTo(EmbeddedKafka.MetadataMode.ZOOKEEPER);
            KAFKA.kafka().createTopic("events", 1);
            produce(KAFKA.bootstrapServers(), "events", "{\"event_type\": \"default\"}");
            assertThat(readAll(KAFKA.bootstrapServers(), "events", 1)).containsExactly("{\"event_type\": \"default\"}");
        }
    }

    static void produce(String bootstrap, String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        }
    }

    static List<String> readAll(String bootstrap, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(new String(r.value().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    static int partitionCount(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), new StringDeserializer())) {
            return consumer.partitionsFor(topic).size();
        }
    }
}
