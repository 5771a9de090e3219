package io.gamepipe.api;

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
public record GameApiProperties(@DefaultValue Kafka kafka, @DefaultValue Events events, @DefaultValue Game game) {

    /**
     * @param bootstrapServers where the producer and the admin client connect
     * @param producer         extra or overriding producer properties, e.g. {@code gamepipe.kafka.producer[linger.ms]=2}
     * @param healthInterval   how often Kafka's reachability (and the topic) is checked for readiness
     */
    public record Kafka(
            @DefaultValue("localhost:9092") String bootstrapServers,
            @DefaultValue Map<String, String> producer,
            @DefaultValue("2s") Duration healthInterval) {
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
            @DefaultValue("events") String topic,
            @DefaultValue("1") int topicPartitions,
            @DefaultValue("1") short topicReplication,
            @DefaultValue("5s") Duration sendTimeout,
            @DefaultValue List<String> redactedHeaders) {
    }

    /** @param allowedItems the items {@code /purchase_item} sells; anything else is an invalid item */
    public record Game(@DefaultValue({"sword", "knife"}) List<String> allowedItems) {
    }
}
