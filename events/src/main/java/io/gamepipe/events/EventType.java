package io.gamepipe.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The event types the game API emits, each with the dataset the separate job writes it to and
 * the field that carries its parameter (collapsed into the {@code parameter} column).
 * The wire names and dataset names are the original walkthrough's and must not change.
 */
public enum EventType {
    DEFAULT("default", "default_hits", null),
    /** First generation of the API, kept for compatibility. */
    PURCHASE_SWORD("purchase_sword", "sword_purchases", null),
    PURCHASE_ITEM("purchase_item", "item_purchases", EventFields.ITEM),
    JOIN_GUILD("join_guild", "guild_joins", EventFields.GUILD_ID);

    /** Where the separate job puts events whose type has no mapping above, rather than dropping them. */
    public static final String UNMAPPED_DATASET = "other_events";

    private final String wireName;
    private final String dataset;
    private final String parameterField;

    EventType(String wireName, String dataset, String parameterField) {
        this.wireName = wireName;
        this.dataset = dataset;
        this.parameterField = parameterField;
    }

    /** The value of {@code event_type} on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The dataset (directory under the output root) this type is separated into. */
    public String dataset() {
        return dataset;
    }

    /** The event field that holds this type's parameter, empty for types without one. */
    public Optional<String> parameterField() {
        return Optional.ofNullable(parameterField);
    }

    public static Optional<EventType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    /** The dataset for any {@code event_type} value, including unknown ones. */
    public static String datasetFor(String wireName) {
        return fromWireName(wireName).map(EventType::dataset).orElse(UNMAPPED_DATASET);
    }
}
