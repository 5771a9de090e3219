package io.gamepipe.events;

/**
 * Names of the top-level fields of an event, as they appear in the JSON on the topic and as
 * columns in the landed Parquet. Request headers are top-level fields too, named by
 * {@link HeaderNames#canonical(String)}.
 */
public final class EventFields {

    /** The event type, e.g. {@code purchase_item}: see {@link EventType}. */
    public static final String EVENT_TYPE = "event_type";
    /** A random UUID the API gives every event, so that each one can be traced and deduplicated. */
    public static final String EVENT_ID = "event_id";
    /** When the API received the request: ISO-8601 UTC with milliseconds, e.g. {@code 2018-07-17T04:46:00.123Z}. */
    public static final String RECEIVED_AT = "received_at";

    /** {@code purchase_item}'s parameter: the item, or {@code missing} / {@code invalid}. */
    public static final String ITEM = "item";
    /** {@code join_guild}'s parameter: a JSON number, or {@code "missing"} / {@code "invalid"}. */
    public static final String GUILD_ID = "guild_id";

    /** Parameter values the API writes when a request lacks its parameter or carries a bad one. */
    public static final String MISSING = "missing";
    public static final String INVALID = "invalid";

    /** Columns the Spark jobs add: the Kafka record's timestamp and the per-type parameter collapsed into one. */
    public static final String TIMESTAMP = "timestamp";
    public static final String PARAMETER = "parameter";

    private EventFields() {
    }
}
