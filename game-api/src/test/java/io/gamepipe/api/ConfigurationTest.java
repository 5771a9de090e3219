package io.gamepipe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gamepipe.embedded.FreePorts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad settings stop the API at start with a message naming the setting. The settings are given
 * under their environment variable names, which application.properties maps onto gamepipe.*.
 */
class ConfigurationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "EVENTS_TOPIC_PARTITIONS=0      | EVENTS_TOPIC_PARTITIONS",
        "EVENTS_TOPIC_REPLICATION=0     | EVENTS_TOPIC_REPLICATION",
        "EVENTS_SEND_TIMEOUT=0s         | EVENTS_SEND_TIMEOUT",
        "EVENTS_SEND_TIMEOUT=soon       | send-timeout",
        "EVENTS_TOPIC=                  | EVENTS_TOPIC",
        "EVENTS_TOPIC=game events       | EVENTS_TOPIC",
        "GAME_ALLOWED_ITEMS=            | GAME_ALLOWED_ITEMS",
        "gamepipe.kafka.health-interval=10ms | health-interval",
        "API_WARM_UP=-1s                | API_WARM_UP",
        "API_WARM_UP=11m                | API_WARM_UP",
        "gamepipe.kafka.producer[linger.ms]=soon | linger.ms",
        "gamepipe.kafka.producer[linger.ms]=5000 | linger.ms",
    })
    void badSettingsStopTheStartNamingTheSetting(String setting, String named) {
        // No broker listens there: the start must fail on the setting before Kafka matters.
        assertThatThrownBy(() -> RunningApi.start("localhost:" + FreePorts.pick(), setting).close())
                .satisfies(e -> assertThat(messages(e)).contains(named));
    }

    @Test
    void bootstrapServersMustBeGiven() {
        assertThatThrownBy(() -> new GameApiProperties.Kafka(" ", Map.of(), Duration.ofSeconds(2)))
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    /** A linger.ms override (documented) is taken out of the request timeout, as Kafka requires. */
    @Test
    void aLingerOverrideShortensTheRequestTimeout() {
        GameApiProperties properties = new GameApiProperties(
                new GameApiProperties.Kafka("localhost:9092", Map.of("linger.ms", "5"), Duration.ofSeconds(2)),
                new GameApiProperties.Events("events", 1, (short) 1, Duration.ofSeconds(5), java.util.List.of()),
                new GameApiProperties.Game(java.util.List.of("sword")), Duration.ZERO);

        Map<String, Object> config = KafkaConfiguration.producerConfig(properties);

        assertThat(config).containsEntry("linger.ms", "5").containsEntry("request.timeout.ms", "4995")
                .containsEntry("delivery.timeout.ms", "5000");
    }

    /** Every message along the cause chain: Spring wraps the one that names the setting. */
    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
        }
        return all.toString();
    }
}
