package io.gamepipe.api;

import io.gamepipe.events.EventFields;
import io.gamepipe.events.EventType;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** The game's answers, as the original Flask API's second generation gave them. No HTTP, no Kafka. */
public final class GameRules {

    /** More characters than any int has once sign and leading zeros are gone: cannot be an int. */
    private static final int MAX_INT_DIGITS = 10;

    // The answers that do not depend on the request, made once.
    private static final Outcome HOME = new Outcome("\nThis is the default response\n", EventType.DEFAULT, null);
    private static final Outcome SWORD_PURCHASED = new Outcome("\nSword Purchased!\n", EventType.PURCHASE_SWORD, null);
    private static final Outcome MISSING_ITEM = new Outcome("\nMissing item\n", EventType.PURCHASE_ITEM, EventFields.MISSING);
    private static final Outcome INVALID_ITEM = new Outcome("\nInvalid item\n", EventType.PURCHASE_ITEM, EventFields.INVALID);
    private static final Outcome MISSING_GUILD = new Outcome("\nMissing guild ID\n", EventType.JOIN_GUILD, EventFields.MISSING);
    private static final Outcome INVALID_GUILD = new Outcome("\nInvalid guild ID\n", EventType.JOIN_GUILD, EventFields.INVALID);

    /** Each allowed item and the answer to buying it. */
    private final Map<String, Outcome> purchases;

    public GameRules(List<String> allowedItems) {
        this.purchases = allowedItems.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct()
                .collect(Collectors.toUnmodifiableMap(item -> item,
                        item -> new Outcome("\nBought " + item + "\n", EventType.PURCHASE_ITEM, item)));
    }

    public Outcome home() {
        return HOME;
    }

    /** The first generation's route, kept for old clients. */
    public Outcome purchaseSword() {
        return SWORD_PURCHASED;
    }

    /** @param item the {@code item} query parameter, null when absent */
    public Outcome purchaseItem(String item) {
        if (item == null) {
            return MISSING_ITEM;
        }
        return purchases.getOrDefault(item, INVALID_ITEM);
    }

    /** @param guildId the {@code guild_id} query parameter, null when absent */
    public Outcome joinGuild(String guildId) {
        if (guildId == null) {
            return MISSING_GUILD;
        }
        OptionalInt id = parseGuildId(guildId);
        if (id.isEmpty()) {
            return INVALID_GUILD;
        }
        return new Outcome("\nJoined guild " + id.getAsInt() + "\n", EventType.JOIN_GUILD, id.getAsInt());
    }

    /**
     * A guild id is what Python's {@code int()} accepted in the original, narrowed to a Java int
     * (-2147483648..2147483647): optional surrounding spaces, an optional sign, ASCII digits.
     * Unlike Python, digit separators ({@code 1_000}) and non-ASCII digits are invalid.
     */
    static OptionalInt parseGuildId(String text) {
        String s = text.strip();
        int start = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            start = 1;
        }
        if (start == s.length()) {
            return OptionalInt.empty();
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
        }
        while (start < s.length() - 1 && s.charAt(start) == '0') {
            start++;
        }
        if (s.length() - start > MAX_INT_DIGITS) {
            return OptionalInt.empty();
        }
        long value = Long.parseLong(s.substring(start));
        value = negative ? -value : value;
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) value);
    }
}
