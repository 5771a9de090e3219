package io.gamepipe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gamepipe.api.RawHttp.Response;
import io.gamepipe.api.TopicReader.Event;
import io.gamepipe.embedded.junit.KafkaExtension;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
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
    private static final String[] URL_MIX = {"/", "/purchase_item?item=sword", "/purchase_item?item=knife",
        "/purchase_item?item=shield", "/join_guild?guild_id=1", "/join_guild?guild_id=a"};
    private static final int CLIENTS = 8;

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
        Load load = new Load(API.api());
        try {
            load.awaitAcknowledged(300);
            KAFKA.kafka().stop();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.unavailable.get() >= CLIENTS);
            } finally {
                KAFKA.kafka().start();
            }
            load.awaitAcknowledged(load.acknowledged.size() + 300);
        } finally {
            load.stop();
        }
        assertThat(load.unexpected).isEmpty();
        assertEveryAcknowledgedEventIsInTheTopic(load.acknowledged);
    }

    @Test
    @Order(3)
    void gracefulShutdownUnderLoadLosesNoAcknowledgedEvent() throws Exception {
        RunningApi second = RunningApi.start(KAFKA.bootstrapServers());
        Load load = new Load(second);
        try {
            load.awaitAcknowledged(300);
            second.close();
        } finally {
            load.stop();
        }
        assertThat(load.unexpected).isEmpty();
        assertEveryAcknowledgedEventIsInTheTopic(load.acknowledged);
    }

    private static void assertEveryAcknowledgedEventIsInTheTopic(Queue<String> acknowledged) {
        Set<String> inTopic = TopicReader.readFrom(KAFKA.bootstrapServers(), TOPIC, 0).stream()
                .map(Event::key).collect(Collectors.toSet());
        assertThat(acknowledged).isNotEmpty();
        assertThat(inTopic).containsAll(acknowledged);
    }

    private static int readinessStatus(RunningApi target) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + target.managementPort() + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String prometheus(RunningApi target) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + target.managementPort() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@value #CLIENTS} clients sending the original's URL mix until stopped or the API is gone. */
    private static final class Load {
        final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        final AtomicInteger unavailable = new AtomicInteger();
        final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        private final List<Future<?>> running;

        Load(RunningApi target) {
            int port = target.port();
            running = java.util.stream.IntStream.range(0, CLIENTS)
                    .mapToObj(client -> clients.submit(() -> run(port, client))).collect(Collectors.toList());
        }

        private void run(int port, int client) {
            for (int i = client; !stopping.get(); i++) {
                Response response;
                try {
                    response = RawHttp.get(port, URL_MIX[i % URL_MIX.length], RawHttp.CURL);
                } catch (UncheckedIOException e) {
                    return; // the API has shut down and refuses connections
                }
                if (response.status() == 200) {
                    acknowledged.add(response.header("X-Event-Id"));
                } else if (response.status() == 503) {
                    unavailable.incrementAndGet();
                } else {
                    unexpected.add(response.status() + " " + response.body());
                }
            }
        }

        void awaitAcknowledged(int count) {
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= count);
        }

        void stop() throws Exception {
            stopping.set(true);
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();
        }
    }
}
