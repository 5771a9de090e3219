package io.gamepipe.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One request of the original walkthrough (api_tests.py plus /purchase_a_sword) and the answer it must get. */
record ApiRequest(String path, String expectedBody, String dataset) {

    /** In the order the original sent them; {@code dataset} is where its event lands after separate. */
    static final List<ApiRequest> WALKTHROUGH = List.of(
            new ApiRequest("/", "\nThis is the default response\n", "default_hits"),
            new ApiRequest("/purchase_item", "\nMissing item\n", "item_purchases"),
            new ApiRequest("/purchase_item?item=sword", "\nBought sword\n", "item_purchases"),
            new ApiRequest("/purchase_item?item=knife", "\nBought knife\n", "item_purchases"),
            new ApiRequest("/purchase_item?item=shield", "\nInvalid item\n", "item_purchases"),
            new ApiRequest("/join_guild", "\nMissing guild ID\n", "guild_joins"),
            new ApiRequest("/join_guild?guild_id=1", "\nJoined guild 1\n", "guild_joins"),
            new ApiRequest("/join_guild?guild_id=a", "\nInvalid guild ID\n", "guild_joins"),
            new ApiRequest("/purchase_a_sword", "\nSword Purchased!\n", "sword_purchases"));

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
