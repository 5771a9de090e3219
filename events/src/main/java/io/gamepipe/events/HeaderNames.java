package io.gamepipe.events;

import java.util.Locale;
import java.util.Set;

/**
 * How request headers are named in events. The original API (Flask/Werkzeug) title-cased header
 * names whatever case the client sent ({@code user-agent} became {@code User-Agent}); events keep
 * that spelling so that the Spark schema, which matches field names case-sensitively, finds them.
 */
public final class HeaderNames {

    /** Headers that carry credentials: never written to an event, whatever the configuration. */
    public static final Set<String> ALWAYS_REDACTED = Set.of("Authorization", "Proxy-Authorization", "Cookie");

    private HeaderNames() {
    }

    /**
     * Title-cases a header name the way Python's {@code str.title()} does in Werkzeug: a letter
     * is upper case when it follows a non-letter or starts the name, lower case otherwise.
     * {@code x-b3-traceid} becomes {@code X-B3-Traceid}, {@code ACCEPT} becomes {@code Accept}.
     */
    public static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean previousIsLetter = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = Character.isLetter(c);
            if (letter) {
                out.append(previousIsLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            } else {
                out.append(c);
            }
            previousIsLetter = letter;
        }
        return out.toString();
    }

    /** Whether a header (any case) is one of {@link #ALWAYS_REDACTED}. */
    public static boolean isCredential(String name) {
        return ALWAYS_REDACTED.contains(canonical(name.toLowerCase(Locale.ROOT)));
    }
}
