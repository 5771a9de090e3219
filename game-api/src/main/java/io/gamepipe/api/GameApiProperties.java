package io.gamepipe.api;

import io.gamepipe.events.EventTopic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the API can be told, under {@code gamepipe.*}. {@code application.properties} maps
 * the documented environment variables ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code EVENTS_TOPIC}, ...)
 * onto these properties, so either may be used.
 */
@ConfigurationProperties("gamepipe")
public record GameApiProperties(@DefaultValue Kafka kafka, @DefaultValue Events events, @DefaultValue Game game,
                                @DefaultValue("6s") Duration warmUp) {

    /**
     * @param warmUp the longest time the API runs its routes hot before it reports ready ({@link WarmUp}: it
     *               ends sooner once the JIT compilers settle); 0: no warm-up
     */
    public GameApiProperties {
        require(warmUp != null && !warmUp.isNegative() && warmUp.compareTo(Duration.ofMinutes(10)) <= 0,
                "gamepipe.warm-up (API_WARM_UP) must be between 0s (no warm-up) and 10m, got " + warmUp);
    }

    /**
     * @param bootstrapServers where the producer and the admin client connect
     * @param producer         extra or overriding producer properties, e.g. {@code gamepipe.kafka.producer[linger.ms]=2}
     * @param healthInterval   how often Kafka's reachability (and the topic) is checked for readiness
     */
    public record Kafka(
            @DefaultValue("localhost:9092") String bootstrapServers,
            @DefaultValue Map<String, String> producer,
            @DefaultValue("2s") Duration healthInterval) {

        public Kafka {
            require(bootstrapServers != null && !bootstrapServers.isBlank(),
                    "gamepipe.kafka.bootstrap-servers (KAFKA_BOOTSTRAP_SERVERS) must not be empty");
            require(!healthInterval.isNegative() && healthInterval.toMillis() >= 100,
                    "gamepipe.kafka.health-interval must be at least 100ms, got " + healthInterval);
        }
    }

    /**
     * @param topic            where events go; created at start if missing
     * @param topicPartitions  partitions of a topic the API creates
     * @param topicReplication replication factor of a topic the API creates
     * @param sendTimeout      how long a request may wait for Kafka's acknowledgement before it is answered 503
     * @param redactedHeaders  request headers never written to events, on top of {@code Authorization},
     *                         {@code Proxy-Authorization} and {@code Cookie} (any case)
     */
    public record Events(
            @DefaultValue(EventTopic.DEFAULT_NAME) String topic,
            @DefaultValue(EventTopic.DEFAULT_PARTITIONS_TEXT) int topicPartitions,
            @DefaultValue(EventTopic.DEFAULT_REPLICATION_TEXT) short topicReplication,
            @DefaultValue("5s") Duration sendTimeout,
            @DefaultValue List<String> redactedHeaders) {

        public Events {
            require(topic != null && topic.matches("[a-zA-Z0-9._-]{1,249}"),
                    "gamepipe.events.topic (EVENTS_TOPIC) must be a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -),"
                            + " got '" + topic + "'");
            require(topicPartitions >= 1,
                    "gamepipe.events.topic-partitions (EVENTS_TOPIC_PARTITIONS) must be at least 1, got " + topicPartitions);
            require(topicReplication >= 1,
                    "gamepipe.events.topic-replication (EVENTS_TOPIC_REPLICATION) must be at least 1, got " + topicReplication);
            require(sendTimeout != null && sendTimeout.toMillis() >= 1 && sendTimeout.toMillis() <= Integer.MAX_VALUE,
                    "gamepipe.events.send-timeout (EVENTS_SEND_TIMEOUT) must be between 1ms and 24d, got " + sendTimeout);
        }
    }

    /** @param allowedItems the items {@code /purchase_item} sells; anything else is an invalid item */
    public record Game(@DefaultValue({"sword", "knife"}) List<String> allowedItems) {

        public Game {
            require(allowedItems.stream().anyMatch(item -> !item.isBlank()),
                    "gamepipe.game.allowed-items (GAME_ALLOWED_ITEMS) must name at least one item");
        }
    }

    /** Refuses a setting at start, with a message naming it, rather than failing on the first request. */
    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
