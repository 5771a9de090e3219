package io.gamepipe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gamepipe.api.TopicReader.Event;
import io.gamepipe.embedded.junit.KafkaExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fresh API runs its routes hot before it reports ready: not ready while it warms up, the
 * service port answering real requests through Kafka meanwhile, and none of the warm-up's
 * requests in the events topic or in the event counters (they go to a topic of their own); the
 * warm-up's own port closed afterwards.
 */
class WarmUpTest {

    private static final String TOPIC = "events";

    @RegisterExtension
    @Order(1)
    static final KafkaExtension KAFKA = KafkaExtension.kraft();

    @Test
    void notReadyWhileWarmingUpAndNoWarmUpRequestReachesTheTopic() throws Exception {
        try (RunningApi api = RunningApi.start(KAFKA.bootstrapServers(), "gamepipe.warm-up=4s")) {
            WarmUp warmUp = api.bean(WarmUp.class);
            int warmUpPort = warmUp.port();
            assertThat(warmUpPort).as("the warm-up connector is open").isPositive();
            assertThat(api.readinessStatus()).as("not ready while warming up").isEqualTo(503);
            assertThat(api.management("/actuator/health/readiness").body()).contains("warming up");

            RawHttp.Response real = RawHttp.get(api.port(), "/purchase_item?item=sword", RawHttp.CURL);
            assertThat(real.status()).as("the service port answers through Kafka meanwhile").isEqualTo(200);

            await().atMost(Duration.ofSeconds(60)).until(() -> api.readinessStatus() == 200);
            assertThat(warmUp.port()).isEqualTo(-1);
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), warmUpPort).close())
                    .as("the warm-up port is closed").isInstanceOf(IOException.class);
            assertThat(api.management("/actuator/health/readiness").body()).containsPattern("\"requests\":[1-9]");

            List<Event> events = TopicReader.readFrom(KAFKA.bootstrapServers(), TOPIC, 0);
            assertThat(events).as("only the real request's event").hasSize(1);
            assertThat(events.get(0).key()).isEqualTo(real.header("X-Event-Id"));
            assertThat(api.management("/actuator/prometheus").body())
                    .contains("gamepipe_events_accepted_total{event_type=\"purchase_item\"} 1.0")
                    .contains("gamepipe_events_accepted_total{event_type=\"default\"} 0.0");
        }
    }

    /** The warm-up's requests went through the producer too, to a topic of their own with a short retention. */
    @Test
    void theWarmUpsEventsGoToTheirOwnTopic() throws Exception {
        try (RunningApi api = RunningApi.start(KAFKA.bootstrapServers(), "gamepipe.events.topic=scores", "gamepipe.warm-up=3s")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> api.readinessStatus() == 200);
            assertThat(TopicReader.readFrom(KAFKA.bootstrapServers(), "scores-warm-up", 0))
                    .as("the warm-up's events").isNotEmpty()
                    .allSatisfy(event -> assertThat(event.fields()).containsKey("event_type"));
            assertThat(TopicReader.readFrom(KAFKA.bootstrapServers(), "scores", 0)).as("none in the events topic").isEmpty();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "scores-warm-up");
                Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
                assertThat(config.get("retention.ms").value()).isEqualTo("60000");
            }
        }
    }

    @Test
    void noWarmUpMeansReadyAtOnce() throws Exception {
        try (RunningApi api = RunningApi.start(KAFKA.bootstrapServers(), "gamepipe.warm-up=0s")) {
            assertThat(api.bean(WarmUp.class).port()).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(30)).until(() -> api.readinessStatus() == 200);
        }
    }
}
