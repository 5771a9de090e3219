package io.gamepipe.api;

import io.gamepipe.events.EventFields;
import io.gamepipe.events.EventType;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/** The game's answers, as the original Flask API's second generation gave them. No HTTP, no Kafka. */
public final class GameRules {

    /** More characters than any int has once sign and leading zeros are gone: cannot be an int. */
    private static final int MAX_INT_DIGITS = 10;

    private final Set<String> allowedItems;

    public GameRules(List<String> allowedItems) {
        this.allowedItems = allowedItems.stream().map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public Outcome home() {
        return new Outcome("\nThis is the default response\n", EventType.DEFAULT, null);
    }

    /** The first generation's route, kept for old clients. */
    public Outcome purchaseSword() {
        return new Outcome("\nSword Purchased!\n", EventType.PURCHASE_SWORD, null);
    }

    /** @param item the {@code item} query parameter, null when absent */
    public Outcome purchaseItem(String item) {
        if (item == null) {
            return new Outcome("\nMissing item\n", EventType.PURCHASE_ITEM, EventFields.MISSING);
        }
        if (!allowedItems.contains(item)) {
            return new Outcome("\nInvalid item\n", EventType.PURCHASE_ITEM, EventFields.INVALID);
        }
        return new Outcome("\nBought " + item + "\n", EventType.PURCHASE_ITEM, item);
    }

    /** @param guildId the {@code guild_id} query parameter, null when absent */
    public Outcome joinGuild(String guildId) {
        if (guildId == null) {
            return new Outcome("\nMissing guild ID\n", EventType.JOIN_GUILD, EventFields.MISSING);
        }
        OptionalInt id = parseGuildId(guildId);
        if (id.isEmpty()) {
            return new Outcome("\nInvalid guild ID\n", EventType.JOIN_GUILD, EventFields.INVALID);
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
