package io.gamepipe.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.api.RawHttp.Response;
import io.gamepipe.api.TopicReader.Event;
import io.gamepipe.embedded.junit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The API against a real broker and a real Tomcat: the original's api_tests.py, the events as
 * kafkacat would list them, decoding, headers, what only the server refuses (oversized requests,
 * raw non-ASCII), health and metrics. The tests share one topic but not their results, in any
 * order: each reads what it wrote from the offset the topic had before it. The HTTP contract
 * without a broker (texts, status codes, 503s) is {@link GameControllerWebTest}'s.
 */
class GameApiTest {

    private static final String TOPIC = "game-events";

    @RegisterExtension
    @Order(1)
    static final KafkaExtension KAFKA = KafkaExtension.kraft();

    @RegisterExtension
    @Order(2)
    static final ApiExtension API = new ApiExtension(KAFKA,
            "gamepipe.events.topic=" + TOPIC,
            "gamepipe.events.redacted-headers=X-Api-Key, x-session-token",
            "gamepipe.game.allowed-items=sword,knife");

    private static final String RECEIVED_AT = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @Test
    void theOriginalTranscriptGivesTheSameEvents() {
        long before = TopicReader.endOffset(KAFKA.bootstrapServers(), TOPIC);
        List<Response> responses = new ArrayList<>();
        // First generation, called with curl as in the walkthrough.
        responses.add(expectBody("/", RawHttp.CURL, "\nThis is the default response\n"));
        responses.add(expectBody("/purchase_a_sword", RawHttp.CURL, "\nSword Purchased!\n"));
        // api_tests.py, with python-requests' headers.
        String py = RawHttp.PYTHON_REQUESTS;
        responses.add(expectBody("/", py, "\nThis is the default response\n"));
        responses.add(expectBody("/purchase_item", py, "\nMissing item\n"));
        responses.add(expectBody("/purchase_item?item=sword", py, "\nBought sword\n"));
        responses.add(expectBody("/purchase_item?item=knife", py, "\nBought knife\n"));
        responses.add(expectBody("/purchase_item?item=shield", py, "\nInvalid item\n"));
        responses.add(expectBody("/join_guild", py, "\nMissing guild ID\n"));
        responses.add(expectBody("/join_guild?guild_id=1", py, "\nJoined guild 1\n"));
        responses.add(expectBody("/join_guild?guild_id=a", py, "\nInvalid guild ID\n"));

        String host = "localhost:" + API.port();
        Map<String, Object> curl = Map.of("Host", host, "Accept", "*/*", "User-Agent", "curl/7.47.0");
        Map<String, Object> requests = Map.of("Host", host, "Accept", "*/*", "User-Agent", "python-requests/2.18.4",
                "Accept-Encoding", "gzip, deflate", "Connection", "keep-alive");
        List<Map<String, Object>> expected = List.of(
                with(curl, "event_type", "default"),
                with(curl, "event_type", "purchase_sword"),
                with(requests, "event_type", "default"),
                with(requests, "event_type", "purchase_item", "item", "missing"),
                with(requests, "event_type", "purchase_item", "item", "sword"),
                with(requests, "event_type", "purchase_item", "item", "knife"),
                with(requests, "event_type", "purchase_item", "item", "invalid"),
                with(requests, "event_type", "join_guild", "guild_id", "missing"),
                with(requests, "event_type", "join_guild", "guild_id", 1),
                with(requests, "event_type", "join_guild", "guild_id", "invalid"));

        // kafkacat -C -e from where the transcript began: its events, nothing else.
        List<Event> events = TopicReader.readFrom(KAFKA.bootstrapServers(), TOPIC, before);
        assertThat(events).hasSize(expected.size());
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> fields = new HashMap<>(events.get(i).fields());
            Object eventId = fields.remove("event_id");
            Object receivedAt = fields.remove("received_at");
            assertThat(fields).as("event %d: %s", i, events.get(i).raw()).isEqualTo(expected.get(i));
            assertThat(UUID.fromString((String) eventId).toString()).isEqualTo(eventId);
            assertThat(events.get(i).key()).as("record key").isEqualTo(eventId);
            assertThat(responses.get(i).header("X-Event-Id")).isEqualTo(eventId);
            assertThat((String) receivedAt).matches(RECEIVED_AT);
        }
        assertThat(events.get(8).raw()).contains("\"guild_id\":1,");
    }

    @Test
    void headerNamesAreFlasksWhateverTheClientSent() {
        Event event = single(() -> expectBody("/purchase_item?item=knife",
                "user-agent: lower/1.0\r\nACCEPT: text/plain\r\nx-b3-traceid: abc\r\nX-Forwarded-For: 10.0.0.1\r\n"
                        + "x-forwarded-for: 10.0.0.2\r\naccept-encoding: br\r\n", "\nBought knife\n"));
        assertThat(event.fields()).containsEntry("User-Agent", "lower/1.0").containsEntry("Accept", "text/plain")
                .containsEntry("X-B3-Traceid", "abc").containsEntry("Accept-Encoding", "br")
                .containsEntry("X-Forwarded-For", "10.0.0.1, 10.0.0.2")
                .doesNotContainKeys("user-agent", "ACCEPT", "x-b3-traceid", "accept-encoding");
    }

    @Test
    void credentialsNeverReachTheTopic() {
        Event event = single(() -> expectBody("/",
                "Authorization: Basic c2VjcmV0LXBhc3N3b3Jk\r\nproxy-authorization: Bearer secret-proxy\r\n"
                        + "COOKIE: session=secret-cookie\r\nx-api-key: secret-key\r\nX-Session-Token: secret-token\r\n"
                        + "X-Visible: shown\r\n", "\nThis is the default response\n"));
        assertThat(event.fields()).containsEntry("X-Visible", "shown")
                .doesNotContainKeys("Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "X-Session-Token");
        assertThat(event.raw()).doesNotContain("secret").doesNotContainIgnoringCase("authorization")
                .doesNotContainIgnoringCase("cookie");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/purchase_item?item=%73word         | Bought sword     | sword",
        "/purchase_item?item=sword&item=x    | Bought sword     | sword",
        "/purchase_item?x=1&item=knife       | Bought knife     | knife",
        "/purchase_item?item=Sword           | Invalid item     | invalid",
        "/purchase_item?item=                | Invalid item     | invalid",
        "/purchase_item?item                 | Invalid item     | invalid",
        "/purchase_item?item=%C3%A9p%C3%A9e  | Invalid item     | invalid",
        "/purchase_item?item=%ZZ             | Invalid item     | invalid",
        "/purchase_item?item=%FF%FE          | Invalid item     | invalid",
        "/purchase_item?items=sword          | Missing item     | missing",
        "/join_guild?guild_id=%31            | Joined guild 1   | 1",
        "/join_guild?guild_id=+007           | Joined guild 7   | 7",
        "/join_guild?guild_id=%207%20        | Joined guild 7   | 7",
        "/join_guild?guild_id=-2147483648    | Joined guild -2147483648 | -2147483648",
        "/join_guild?guild_id=2147483647     | Joined guild 2147483647  | 2147483647",
        "/join_guild?guild_id=2147483648     | Invalid guild ID | invalid",
        "/join_guild?guild_id=99999999999999999999999 | Invalid guild ID | invalid",
        "/join_guild?guild_id=%D9%A1         | Invalid guild ID | invalid",
        "/join_guild?guild_id=1_000          | Invalid guild ID | invalid",
        "/join_guild?guild_id=1.5            | Invalid guild ID | invalid",
        "/join_guild?guild_id=-              | Invalid guild ID | invalid",
        "/join_guild?guild_id=               | Invalid guild ID | invalid",
    })
    void parametersAreDecodedAndChecked(String target, String answer, String recorded) {
        Event event = single(() -> expectBody(target, RawHttp.CURL, "\n" + answer + "\n"));
        String field = target.startsWith("/join_guild") ? "guild_id" : "item";
        Object expected = recorded.matches("-?\\d+") ? (Object) Integer.valueOf(recorded) : recorded;
        assertThat(event.fields()).containsEntry(field, expected);
    }

    @Test
    void headAnswersWithoutBodyAndRecordsLikeGet() {
        Event event = single(() -> {
            Response head = RawHttp.send(API.port(), "HEAD", "/join_guild?guild_id=3", RawHttp.CURL);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("\nJoined guild 3\n".length() + "");
            return head;
        });
        assertThat(event.fields()).containsEntry("guild_id", 3).containsEntry("event_type", "join_guild");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET,    /nope,                  404",
        "GET,    /purchase_item/,        404",
        "GET,    /error,                 404",
        "GET,    /actuator/health,       404",
        "POST,   /,                      405",
        "PUT,    /purchase_item,         405",
        "DELETE, /join_guild?guild_id=1, 405",
    })
    void wrongPathsAndMethodsAreRefusedWithoutEvent(String method, String target, int status) {
        Response response = noEvent(() -> RawHttp.send(API.port(), method, target, "Content-Length: 0\r\n"));
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("text/plain");
        if (status == 405) {
            assertThat(response.header("Allow")).contains("GET").contains("HEAD");
            assertThat(response.body()).isEqualTo("\nMethod not allowed\n");
        } else {
            assertThat(response.body()).isEqualTo("\nNot found\n");
        }
    }

    @Test
    void oversizedRequestsAreRefusedWithoutEvent() {
        String longValue = "a".repeat(9 * 1024);
        assertThat(noEvent(() -> RawHttp.get(API.port(), "/purchase_item?item=" + longValue, "")).status())
                .as("URL beyond 8 KiB").isEqualTo(400);
        assertThat(noEvent(() -> RawHttp.get(API.port(), "/", "X-Big: " + longValue + "\r\n")).status())
                .as("headers beyond 8 KiB").isEqualTo(400);
    }

    @Test
    void rawNonAsciiInTheUrlIsRefusedWithoutEvent() {
        byte[] request = ("GET /purchase_item?item=épée HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(noEvent(() -> RawHttp.exchange(API.port(), request, true)).status()).isEqualTo(400);
    }

    @Test
    void healthAndMetricsAreServedOnTheManagementPort() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://localhost:" + API.managementPort() + "/actuator";
        HttpResponse<String> readiness = client.send(HttpRequest.newBuilder(URI.create(base + "/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"kafka\"").contains(TOPIC);
        HttpResponse<String> liveness = client.send(HttpRequest.newBuilder(URI.create(base + "/health/liveness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(liveness.statusCode()).isEqualTo(200);
        Supplier<String> metrics = () -> {
            try {
                return client.send(HttpRequest.newBuilder(URI.create(base + "/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        String swords = "gamepipe_events_accepted_total{event_type=\"purchase_sword\"}";
        String swordLatencies = "gamepipe_events_send_seconds_count{event_type=\"purchase_sword\"}";
        String before = metrics.get();

        single(() -> expectBody("/purchase_a_sword", RawHttp.CURL, "\nSword Purchased!\n"));

        String after = metrics.get();
        assertThat(value(after, swords)).isEqualTo(value(before, swords) + 1);
        assertThat(value(after, swordLatencies)).isEqualTo(value(before, swordLatencies) + 1);
        // This class's broker never fails a send.
        assertThat(value(after, "gamepipe_events_failed_total{event_type=\"purchase_sword\"}")).isZero();
    }

    /** The value of one series in Prometheus' text format. */
    private static double value(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + metrics));
    }

    private static Response expectBody(String target, String headers, String body) {
        Response response = RawHttp.get(API.port(), target, headers);
        assertThat(response.status()).as(target).isEqualTo(200);
        assertThat(response.body()).as(target).isEqualTo(body);
        return response;
    }

    /** Runs one request and returns the one event it wrote, checked against the response's event id. */
    private static Event single(Supplier<Response> request) {
        long before = TopicReader.endOffset(KAFKA.bootstrapServers(), TOPIC);
        Response response = request.get();
        List<Event> written = TopicReader.readFrom(KAFKA.bootstrapServers(), TOPIC, before);
        assertThat(written).hasSize(1);
        assertThat(written.get(0).fields()).containsEntry("event_id", response.header("X-Event-Id"));
        return written.get(0);
    }

    private static Response noEvent(Supplier<Response> request) {
        long before = TopicReader.endOffset(KAFKA.bootstrapServers(), TOPIC);
        Response response = request.get();
        assertThat(TopicReader.endOffset(KAFKA.bootstrapServers(), TOPIC)).as("events written").isEqualTo(before);
        return response;
    }

    private static Map<String, Object> with(Map<String, Object> headers, Object... fields) {
        Map<String, Object> all = new LinkedHashMap<>(headers);
        for (int i = 0; i < fields.length; i += 2) {
            all.put((String) fields[i], fields[i + 1]);
        }
        return all;
    }
}
