package io.gamepipe.local;

import io.gamepipe.events.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One request of the original walkthrough (api_tests.py plus /purchase_a_sword), the answer it must get and the event it writes. */
record ApiRequest(String path, String expectedBody, EventType eventType) {

    /** In the order the original sent them: the one source of the demo's expected events and rows. */
    static final List<ApiRequest> WALKTHROUGH = List.of(
            new ApiRequest("/", "\nThis is the default response\n", EventType.DEFAULT),
            new ApiRequest("/purchase_item", "\nMissing item\n", EventType.PURCHASE_ITEM),
            new ApiRequest("/purchase_item?item=sword", "\nBought sword\n", EventType.PURCHASE_ITEM),
            new ApiRequest("/purchase_item?item=knife", "\nBought knife\n", EventType.PURCHASE_ITEM),
            new ApiRequest("/purchase_item?item=shield", "\nInvalid item\n", EventType.PURCHASE_ITEM),
            new ApiRequest("/join_guild", "\nMissing guild ID\n", EventType.JOIN_GUILD),
            new ApiRequest("/join_guild?guild_id=1", "\nJoined guild 1\n", EventType.JOIN_GUILD),
            new ApiRequest("/join_guild?guild_id=a", "\nInvalid guild ID\n", EventType.JOIN_GUILD),
            new ApiRequest("/purchase_a_sword", "\nSword Purchased!\n", EventType.PURCHASE_SWORD));

    /** Where this request's event lands after separate. */
    String dataset() {
        return eventType.dataset();
    }

    /** How many of {@code requests} write each value of {@code key} (event type, dataset), sorted by it. */
    static Map<String, Long> count(List<ApiRequest> requests, Function<ApiRequest, String> key) {
        return requests.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    /** What the API answered. */
    record Response(int status, String body) {
    }

    /**
     * Sends this GET to the API at {@code baseUrl} (no trailing slash) with the headers curl and
     * python-requests send (Host, User-Agent, Accept, Connection) and nothing else, since every
     * header becomes a column of the events.
     */
    Response send(String baseUrl) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        connection.setRequestProperty("User-Agent", "gamepipe-demo/" + Layout.version());
        connection.setRequestProperty("Accept", "*/*");
        try {
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return new Response(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            connection.disconnect();
        }
    }
}
