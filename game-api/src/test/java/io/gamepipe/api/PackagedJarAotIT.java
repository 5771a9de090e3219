package io.gamepipe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gamepipe.embedded.FreePorts;
import io.gamepipe.embedded.junit.KafkaExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as the image and {@code ./gamepipe up} run it: with the context Spring's AOT
 * processing generated at build time ({@code -Dspring.aot.enabled=true}). AOT fixes bean
 * conditions when the jar is built, so every setting the API reads at run time is given here with
 * a value other than its default and must still take effect. The other tests run the classes
 * without AOT (the generated code exists only after {@code package}).
 */
class PackagedJarAotIT {

    private static final Path JAR = Path.of("target/game-api.jar");

    @RegisterExtension
    @Order(1)
    static final KafkaExtension KAFKA = KafkaExtension.kraft();

    @TempDir
    Path dir;

    private Process api;

    @AfterEach
    void stop() throws InterruptedException {
        if (api != null) {
            api.destroy();
            api.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyRunTimeSettingTakesEffectWithTheAotContext() throws Exception {
        int port = FreePorts.pick();
        int managementPort = FreePorts.pick();
        Path log = start(Map.of(
                "SERVER_PORT", Integer.toString(port),
                "MANAGEMENT_SERVER_PORT", Integer.toString(managementPort),
                "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "EVENTS_TOPIC", "aot-events",
                "EVENTS_TOPIC_PARTITIONS", "2",
                "EVENTS_SEND_TIMEOUT", "3s",
                "EVENTS_REDACTED_HEADERS", "X-Player-Token",
                "GAME_ALLOWED_ITEMS", "shield",
                "API_WARM_UP", "2s"));

        await().atMost(Duration.ofSeconds(120)).until(() -> status(managementPort, "/actuator/health/readiness") == 200);
        assertThat(Files.readString(log)).as("the AOT context was used").contains("Starting AOT-processed GameApiApplication");
        assertThat(body(managementPort, "/actuator/health/readiness")).as("the warm-up ran first")
                .containsPattern("\"requests\":[1-9]");
        assertThat(status(managementPort, "/actuator/health/liveness")).isEqualTo(200);

        RawHttp.Response sold = RawHttp.get(port, "/purchase_item?item=shield", RawHttp.CURL + "X-Player-Token: secret\r\n");
        assertThat(sold.status()).as("GAME_ALLOWED_ITEMS").isEqualTo(200);
        assertThat(RawHttp.get(port, "/purchase_item?item=sword", RawHttp.CURL).body()).as("sword is no longer sold")
                .isEqualTo(RawHttp.get(port, "/purchase_item?item=axe", RawHttp.CURL).body());
        assertThat(RawHttp.get(port, "/no_such_route", RawHttp.CURL).status()).isEqualTo(404);
        assertThat(RawHttp.send(port, "POST", "/join_guild", RawHttp.CURL).status()).isEqualTo(405);

        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            assertThat(admin.describeTopics(List.of("aot-events")).allTopicNames().get().get("aot-events").partitions())
                    .as("EVENTS_TOPIC_PARTITIONS").hasSize(2);
            assertThat(admin.listTopics().names().get()).as("the warm-up's own topic").contains("aot-events-warm-up");
        }
        List<TopicReader.Event> events = new ArrayList<>();
        for (int partition = 0; partition < 2; partition++) {
            events.addAll(TopicReader.readFrom(KAFKA.bootstrapServers(), "aot-events", partition, 0));
        }
        assertThat(events).as("EVENTS_TOPIC").anySatisfy(event -> {
            assertThat(event.key()).isEqualTo(sold.header("X-Event-Id"));
            assertThat(event.raw()).as("EVENTS_REDACTED_HEADERS").doesNotContain("X-Player-Token").doesNotContain("secret");
        });
        assertThat(body(managementPort, "/actuator/prometheus")).as("the three purchases above, not the warm-up's")
                .contains("gamepipe_events_accepted_total{event_type=\"purchase_item\"} 3.0");
    }

    @Test
    void aBadSettingStillStopsTheStartNamingIt() throws Exception {
        Path log = start(Map.of("SERVER_PORT", Integer.toString(FreePorts.pick()),
                "MANAGEMENT_SERVER_PORT", Integer.toString(FreePorts.pick()),
                "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(), "EVENTS_TOPIC_PARTITIONS", "0"));
        assertThat(api.waitFor(120, TimeUnit.SECONDS)).as("the start stops").isTrue();
        assertThat(api.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("EVENTS_TOPIC_PARTITIONS");
    }

    private Path start(Map<String, String> environment) throws IOException {
        Path log = dir.resolve("api.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dspring.aot.enabled=true", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        api = builder.start();
        return log;
    }

    private static int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String body(int port, String path) throws IOException {
        return get(port, path).body();
    }

    private static HttpResponse<String> get(int port, String path) throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
