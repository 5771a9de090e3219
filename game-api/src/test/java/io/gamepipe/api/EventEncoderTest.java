package io.gamepipe.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gamepipe.events.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written event JSON, read back by Jackson: fields, order, escaping, redaction, time. */
class EventEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventEncoder encoder = new EventEncoder(List.of(" X-Api-Key "));

    @Test
    void fieldsComeInTheirOrderWithHeadersUnderTheirFlaskNames() throws Exception {
        Map<String, Object> event = encode(new Outcome("\nJoined guild 7\n", EventType.JOIN_GUILD, 7),
                List.of(Map.entry("host", "localhost:5000"), Map.entry("user-agent", "curl/7.47.0")),
                "6f0c0000-0000-4000-8000-000000000000", Instant.parse("2026-11-24T20:18:06.657Z"));

        assertThat(new ArrayList<>(event.keySet()))
                .containsExactly("event_type", "guild_id", "Host", "User-Agent", "event_id", "received_at");
        assertThat(event).containsEntry("event_type", "join_guild").containsEntry("guild_id", 7)
                .containsEntry("Host", "localhost:5000").containsEntry("event_id", "6f0c0000-0000-4000-8000-000000000000")
                .containsEntry("received_at", "2026-11-24T20:18:06.657Z");
    }

    @Test
    void theReceiveTimeKeepsThreeFractionDigitsAcrossSeconds() throws Exception {
        Outcome home = new Outcome("\nThis is the default response\n", EventType.DEFAULT, null);
        assertThat(encode(home, List.of(), "id", Instant.parse("2026-11-24T20:18:06Z"))).containsEntry("received_at", "2026-11-24T20:18:06.000Z");
        assertThat(encode(home, List.of(), "id", Instant.parse("2026-11-24T20:18:07.005Z"))).containsEntry("received_at", "2026-11-24T20:18:07.005Z");
        assertThat(encode(home, List.of(), "id", Instant.parse("1969-12-31T23:59:59.999Z"))).containsEntry("received_at", "1969-12-31T23:59:59.999Z");
    }

    @Test
    void valuesThatNeedEscapingSurviveTheRoundTrip() throws Exception {
        String awkward = "quote \" backslash \\ tab \t newline \n bell \u0007 latin é ÿ del \u007f";
        Map<String, Object> event = encode(new Outcome("\nBought sword\n", EventType.PURCHASE_ITEM, "sw\"ord é"),
                List.of(Map.entry("X-Odd", awkward)), "id", Instant.EPOCH);

        assertThat(event).containsEntry("item", "sw\"ord é").containsEntry("X-Odd", awkward);
    }

    @Test
    void credentialsAndConfiguredHeadersAreLeftOutInAnyCase() throws Exception {
        Map<String, Object> event = encode(new Outcome("\nSword Purchased!\n", EventType.PURCHASE_SWORD, null),
                List.of(Map.entry("AUTHORIZATION", "Basic c2VjcmV0"), Map.entry("cookie", "s=1"),
                        Map.entry("Proxy-Authorization", "x"), Map.entry("x-api-KEY", "k"), Map.entry("Accept", "*/*")),
                "id", Instant.EPOCH);

        assertThat(event).containsOnlyKeys("event_type", "Accept", "event_id", "received_at");
    }

    @Test
    void aHeaderSentTwiceInAnyCaseIsOneFieldWithItsValuesJoined() throws Exception {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Accept", "text/plain"));
        headers.add(Map.entry("X-Trace", "a"));
        headers.add(Map.entry("ACCEPT", "*/*"));
        for (int i = 0; i < 20; i++) { // more headers than the first buffer holds
            headers.add(Map.entry("X-H" + (char) ('a' + i), Integer.toString(i)));
        }

        Map<String, Object> event = encode(new Outcome("\nThis is the default response\n", EventType.DEFAULT, null),
                headers, "id", Instant.EPOCH);

        assertThat(event).containsEntry("Accept", "text/plain, */*").containsEntry("X-Trace", "a")
                .containsEntry("X-Ht", "19").hasSize(3 + 2 + 20);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> encode(Outcome outcome, List<Map.Entry<String, String>> headers, String id, Instant at)
            throws Exception {
        byte[] bytes = encoder.encode(outcome, each -> headers.forEach(h -> each.accept(h.getKey(), h.getValue())),
                id, at.toEpochMilli());
        return JSON.readValue(bytes, LinkedHashMap.class);
    }
}
