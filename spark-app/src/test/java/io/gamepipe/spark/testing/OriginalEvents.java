package io.gamepipe.spark.testing;

import java.util.List;

/**
 * The events of the original walkthrough, as its Flask API wrote them to Kafka (copied from its
 * kafkacat output): the first generation through curl, the second through curl and through
 * python-requests (api_tests.py).
 */
public final class OriginalEvents {

    private static final String CURL = "\"Host\": \"localhost:5000\", \"Accept\": \"*/*\", \"User-Agent\": \"curl/7.47.0\"";
    private static final String REQUESTS = "\"Accept-Encoding\": \"gzip, deflate\", \"Host\": \"localhost:5000\", "
            + "\"Accept\": \"*/*\", \"User-Agent\": \"python-requests/2.18.4\", \"Connection\": \"keep-alive\"";

    /** The first generation: {@code /} and {@code /purchase_a_sword} through curl. */
    public static final List<String> FIRST_GENERATION_CURL = List.of(
            "{\"Host\": \"localhost:5000\", \"event_type\": \"default\", \"Accept\": \"*/*\", \"User-Agent\": \"curl/7.47.0\"}",
            "{\"Host\": \"localhost:5000\", \"event_type\": \"purchase_sword\", \"Accept\": \"*/*\", \"User-Agent\": \"curl/7.47.0\"}");

    /** The second generation through curl. */
    public static final List<String> SECOND_GENERATION_CURL = List.of(
            "{" + CURL + ", \"event_type\": \"default\"}",
            "{\"item\": \"sword\", " + CURL + ", \"event_type\": \"purchase_item\"}",
            "{\"item\": \"missing\", " + CURL + ", \"event_type\": \"purchase_item\"}",
            "{" + CURL + ", \"guild_id\": \"missing\", \"event_type\": \"join_guild\"}",
            "{" + CURL + ", \"guild_id\": 1, \"event_type\": \"join_guild\"}",
            "{" + CURL + ", \"guild_id\": \"invalid\", \"event_type\": \"join_guild\"}");

    /** The second generation through python-requests: api_tests.py's eight calls. */
    public static final List<String> SECOND_GENERATION_REQUESTS = List.of(
            "{" + REQUESTS + ", \"event_type\": \"default\"}",
            "{\"event_type\": \"purchase_item\", " + REQUESTS + ", \"item\": \"missing\"}",
            "{\"event_type\": \"purchase_item\", " + REQUESTS + ", \"item\": \"sword\"}",
            "{\"event_type\": \"purchase_item\", " + REQUESTS + ", \"item\": \"knife\"}",
            "{\"event_type\": \"purchase_item\", " + REQUESTS + ", \"item\": \"invalid\"}",
            "{\"event_type\": \"join_guild\", " + REQUESTS + ", \"guild_id\": \"missing\"}",
            "{\"event_type\": \"join_guild\", " + REQUESTS + ", \"guild_id\": 1}",
            "{\"event_type\": \"join_guild\", " + REQUESTS + ", \"guild_id\": \"invalid\"}");

    private OriginalEvents() {
    }
}
