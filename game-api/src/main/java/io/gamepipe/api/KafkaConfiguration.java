package io.gamepipe.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The producer, the topic monitor and the pieces the controller uses, built from {@link GameApiProperties}. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /**
     * No added wait: records sent while earlier requests are in flight still share one produce
     * request, and a lone request is not delayed (measured: 0 ms beat 1, 2 and 5 at concurrency 1 and 64).
     */
    static final int DEFAULT_LINGER_MS = 0;
    private static final int MAX_TOPIC_NAME_LENGTH = 249;
    /**
     * A start's warm-up writes tens of MB that nobody reads: segments roll and are deleted after a
     * minute (at the broker's next retention check).
     */
    static final Map<String, String> WARM_UP_TOPIC_CONFIG = Map.of("retention.ms", "60000", "segment.ms", "60000");

    @Bean
    GameRules gameRules(GameApiProperties properties) {
        return new GameRules(properties.game().allowedItems());
    }

    @Bean
    EventEncoder eventEncoder(GameApiProperties properties) {
        return new EventEncoder(properties.events().redactedHeaders());
    }

    @Bean
    EventPublisher eventPublisher(GameApiProperties properties, MeterRegistry registry) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                producerConfig(properties), new StringSerializer(), new ByteArraySerializer());
        return new EventPublisher(producer, properties.events().topic(), properties.events().sendTimeout(), registry);
    }

    /** A bean of its own name: "warmUp" in the readiness group of application.properties. */
    @Bean("warmUp")
    WarmUp warmUp(GameApiProperties properties, KafkaTopicMonitor monitor, EventPublisher publisher) {
        return new WarmUp(properties.warmUp(), () -> warmUpPublisher(properties.events().topic(), monitor, publisher));
    }

    /**
     * The warm-up's events go to {@code <events topic>-warm-up} through the API's own producer
     * (its code and its state, connection and buffers, are then those real requests find), counted
     * in a registry nobody exports: the events topic and the exported counters see real requests
     * only. Null when the topic cannot be had (a name too long, or Kafka refused to create it).
     */
    private static EventPublisher warmUpPublisher(String eventsTopic, KafkaTopicMonitor monitor, EventPublisher publisher) {
        String topic = warmUpTopic(eventsTopic);
        if (topic.length() > MAX_TOPIC_NAME_LENGTH || !monitor.createIfMissing(topic, WARM_UP_TOPIC_CONFIG)) {
            return null;
        }
        publisher.fetchMetadata(); // the events topic's too: the first real request finds it known
        return publisher.sharingProducer(topic, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    static String warmUpTopic(String eventsTopic) {
        return eventsTopic + "-warm-up";
    }

    @Bean("kafka")
    KafkaTopicMonitor kafkaTopicMonitor(GameApiProperties properties) {
        Duration interval = properties.kafka().healthInterval();
        Admin admin = Admin.create(KafkaTopicMonitor.adminConfig(properties.kafka().bootstrapServers(), interval));
        return new KafkaTopicMonitor(admin, properties.events(), interval);
    }

    /**
     * Idempotent, acks=all, and every wait of the producer bounded by the send timeout, so that
     * the producer gives an event up about when the request is answered 503.
     */
    static Map<String, Object> producerConfig(GameApiProperties properties) {
        long timeoutMs = properties.events().sendTimeout().toMillis();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "game-api");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, DEFAULT_LINGER_MS);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeoutMs));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeoutMs));
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms. Numbers go in as
        // strings: Kafka refuses a Long where it expects an int.
        // An overridden linger.ms (documented) shortens the request timeout, or Kafka refuses the settings.
        Map<String, String> overrides = properties.kafka().producer();
        long lingerMs = lingerMs(overrides.get(ProducerConfig.LINGER_MS_CONFIG));
        if (lingerMs >= timeoutMs) {
            throw new IllegalArgumentException("gamepipe.kafka.producer[linger.ms] must be below gamepipe.events.send-timeout"
                    + " (EVENTS_SEND_TIMEOUT, " + timeoutMs + " ms), got " + lingerMs);
        }
        long requestTimeoutMs = Math.max(1, Math.min(30_000, timeoutMs - lingerMs));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(requestTimeoutMs));
        config.putAll(overrides);
        return config;
    }

    private static long lingerMs(String override) {
        if (override == null) {
            return DEFAULT_LINGER_MS;
        }
        try {
            long value = Long.parseLong(override.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("gamepipe.kafka.producer[linger.ms] must be a whole number of milliseconds >= 0, got '"
                + override + "'");
    }
}
