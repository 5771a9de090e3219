package io.gamepipe.events;

import java.util.List;
import java.util.Optional;

/**
 * The fields an event is known to carry, with their JSON type and whether they are request
 * headers. Readers (the Spark jobs) build their explicit schema from this list; a field that is
 * not listed here is still valid and kept by readers as an "extra" field, so adding a header to
 * the API never breaks a reader.
 */
public final class EventSchema {

    /** The JSON value a field holds on the wire. */
    public enum JsonType {
        /** A JSON string. */
        STRING,
        /** A JSON number or a string ({@code guild_id}: {@code 1}, {@code "missing"}, {@code "invalid"}). */
        NUMBER_OR_STRING
    }

    /**
     * One known top-level field.
     *
     * @param name     the JSON key, exactly as on the wire (matching is case-sensitive)
     * @param type     the JSON value it holds
     * @param header   whether it is a request header, named by {@link HeaderNames#canonical(String)}
     * @param required whether every valid event has it (only {@code event_type}: older events lack
     *                 {@code event_id} and {@code received_at})
     */
    public record Field(String name, JsonType type, boolean header, boolean required) {
    }

    /** The headers the original walkthrough's clients sent (curl and python-requests) and its transform added. */
    public static final List<String> KNOWN_HEADERS = List.of(
            "Accept", "Accept-Encoding", "Cache-Control", "Connection", "Host", "User-Agent");

    /** Every known field: the event's own fields, then the known headers. */
    public static final List<Field> FIELDS = List.of(
            new Field(EventFields.EVENT_TYPE, JsonType.STRING, false, true),
            new Field(EventFields.EVENT_ID, JsonType.STRING, false, false),
            new Field(EventFields.RECEIVED_AT, JsonType.STRING, false, false),
            new Field(EventFields.ITEM, JsonType.STRING, false, false),
            new Field(EventFields.GUILD_ID, JsonType.NUMBER_OR_STRING, false, false),
            new Field("Accept", JsonType.STRING, true, false),
            new Field("Accept-Encoding", JsonType.STRING, true, false),
            new Field("Cache-Control", JsonType.STRING, true, false),
            new Field("Connection", JsonType.STRING, true, false),
            new Field("Host", JsonType.STRING, true, false),
            new Field("User-Agent", JsonType.STRING, true, false));

    private EventSchema() {
    }

    public static Optional<Field> field(String name) {
        return FIELDS.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
