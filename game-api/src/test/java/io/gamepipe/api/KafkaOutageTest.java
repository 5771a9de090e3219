package io.gamepipe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gamepipe.api.RawHttp.Response;
import io.gamepipe.embedded.EmbeddedKafka;
import io.gamepipe.embedded.FreePorts;
import io.gamepipe.embedded.TempDirs;
import io.gamepipe.embedded.junit.KafkaExtension;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker goes away and comes back: 503 while it is gone, 200 again after, no acknowledged event lost. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaOutageTest {

    @RegisterExtension
    @Order(1)
    static final KafkaExtension KAFKA = KafkaExtension.kraft();

    @RegisterExtension
    @Order(2)
    static final ApiExtension API = new ApiExtension(KAFKA, "gamepipe.events.send-timeout=2s");

    private static final String TOPIC = "events";

    @Test
    @Order(1)
    void brokerDownAnswers503AndNotReadyThenBrokerBackAnswers200() throws Exception {
        assertThat(RawHttp.get(API.port(), "/", RawHttp.CURL).status()).isEqualTo(200);
        assertThat(readinessStatus(API.api())).isEqualTo(200);

        KAFKA.kafka().stop();
        try {
            Response refused = RawHttp.get(API.port(), "/purchase_item?item=sword", RawHttp.CURL);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo("\nEvent not recorded, please retry\n");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.header("X-Event-Id")).isNull();
            await().atMost(Duration.ofSeconds(30)).until(() -> readinessStatus(API.api()) == 503);
        } finally {
            KAFKA.kafka().start();
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> RawHttp.get(API.port(), "/", RawHttp.CURL).status() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> readinessStatus(API.api()) == 200);
        assertThat(prometheus(API.api())).contains("gamepipe_events_failed_total{event_type=\"purchase_item\"} 1.0");
    }

    @Test
    @Order(2)
    void brokerStoppedUnderConcurrentLoadLosesNoAcknowledgedEvent() throws Exception {
        LoadClients load = new LoadClients(API.api());
        try {
            load.awaitAcknowledged(300);
            KAFKA.kafka().stop();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.unavailable.get() >= LoadClients.CLIENTS);
            } finally {
                KAFKA.kafka().start();
            }
            load.awaitAcknowledged(load.acknowledged.size() + 300);
        } finally {
            load.stop();
        }
        load.assertEveryAcknowledgedEventIsIn(KAFKA.bootstrapServers(), TOPIC);
    }

    @Test
    @Order(3)
    void gracefulShutdownUnderLoadLosesNoAcknowledgedEvent() throws Exception {
        RunningApi second = RunningApi.start(KAFKA.bootstrapServers());
        LoadClients load = new LoadClients(second);
        try {
            load.awaitAcknowledged(300);
            second.close();
        } finally {
            load.stop();
        }
        load.assertEveryAcknowledgedEventIsIn(KAFKA.bootstrapServers(), TOPIC);
    }

    @Test
    @Order(4)
    void apiStartedBeforeKafkaIsNotReadyThenCreatesTheTopicWhenKafkaComes() throws Exception {
        int port = FreePorts.pick();
        Path logDir = TempDirs.create("gamepipe-api-late-kafka");
        try (RunningApi early = RunningApi.start("localhost:" + port, "gamepipe.events.send-timeout=1s",
                "gamepipe.events.topic=late")) {
            assertThat(readinessStatus(early)).isEqualTo(503);
            assertThat(RawHttp.get(early.port(), "/", RawHttp.CURL).status()).isEqualTo(503);
            try (EmbeddedKafka late = EmbeddedKafka.builder().port(port).logDir(logDir).build().start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> readinessStatus(early) == 200);
                Response accepted = RawHttp.get(early.port(), "/purchase_a_sword", RawHttp.CURL);
                assertThat(accepted.status()).isEqualTo(200);
                assertThat(TopicReader.readFrom(late.bootstrapServers(), "late", 0))
                        .extracting(TopicReader.Event::key).contains(accepted.header("X-Event-Id"));
            }
        } finally {
            TempDirs.deleteQuietly(logDir);
        }
    }

    private static int readinessStatus(RunningApi target) throws Exception {
        return target.readinessStatus();
    }

    private static String prometheus(RunningApi target) throws Exception {
        return target.management("/actuator/prometheus").body();
    }
}
