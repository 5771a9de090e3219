package io.gamepipe.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.gamepipe.events.EventFields;
import io.gamepipe.events.EventType;
import io.gamepipe.events.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns an {@link Outcome} and the request's headers into the event's JSON bytes: the event type,
 * its parameter, every header under its Flask name (credentials left out), the event id and the
 * receive time.
 *
 * <p>Written by hand rather than through a JSON generator: this runs once per request, and the
 * fixed parts (field names, the event type, header names) are encoded once and copied.
 */
public final class EventEncoder {

    /** Header names seen so far, as sent, and what they become; bounded so that odd names cannot grow it. */
    private static final int HEADER_NAME_CACHE_LIMIT = 512;
    /** Marks a header name that is never written (a credential or a configured name). */
    private static final byte[] REDACTED = new byte[0];
    private static final byte[] EVENT_ID_FIELD = utf8(",\"" + EventFields.EVENT_ID + "\":\"");
    private static final byte[] RECEIVED_AT_FIELD = utf8("\",\"" + EventFields.RECEIVED_AT + "\":\"");
    /** The receive time's text up to the seconds: only the milliseconds change within a second. */
    private static final DateTimeFormatter UP_TO_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Set<String> redacted;
    private final Map<EventType, byte[]> openings = new EnumMap<>(EventType.class);
    private final Map<String, byte[]> headerFields = new ConcurrentHashMap<>();
    private volatile Second second = new Second(Long.MIN_VALUE, new byte[0]);

    /** @param extraRedactedHeaders header names (any case) to leave out on top of {@link HeaderNames#ALWAYS_REDACTED} */
    public EventEncoder(Collection<String> extraRedactedHeaders) {
        this.redacted = Stream.concat(HeaderNames.ALWAYS_REDACTED.stream(), extraRedactedHeaders.stream())
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(name -> HeaderNames.canonical(name.toLowerCase(Locale.ROOT)))
                .collect(Collectors.toUnmodifiableSet());
        for (EventType type : EventType.values()) {
            String opening = "{" + quoted(EventFields.EVENT_TYPE) + ":" + quoted(type.wireName())
                    + type.parameterField().map(field -> "," + quoted(field) + ":").orElse("");
            openings.put(type, utf8(opening));
        }
    }

    /** The request's headers, one call per value, in the order received; a name may come more than once. */
    @FunctionalInterface
    public interface Headers {
        void forEach(BiConsumer<String, String> nameAndValue);
    }

    /**
     * Headers go under their canonical names, credentials dropped; a header sent more than once (in
     * any case mix) becomes one field with its values joined by ", ", as a WSGI server joins them.
     */
    public byte[] encode(Outcome outcome, Headers headers, String eventId, long receivedAtMillis) {
        Fields kept = new Fields();
        headers.forEach((name, value) -> {
            byte[] field = headerField(name);
            if (field != REDACTED) {
                kept.add(field, value);
            }
        });
        Output out = new Output(384);
        out.write(openings.get(outcome.type()));
        Object parameter = outcome.parameter();
        if (parameter != null) {
            if (outcome.type().parameterField().isEmpty()) {
                throw new IllegalArgumentException(outcome.type() + " takes no parameter");
            }
            if (parameter instanceof Integer number) {
                out.ascii(Integer.toString(number));
            } else {
                out.string(parameter.toString());
            }
        }
        for (int i = 0; i < kept.count; i++) {
            out.write(kept.names[i]);
            out.string(kept.values[i]);
        }
        out.write(EVENT_ID_FIELD);
        out.ascii(eventId);
        out.write(RECEIVED_AT_FIELD);
        out.write(secondText(receivedAtMillis));
        long millis = Math.floorMod(receivedAtMillis, 1000L);
        out.ascii3((int) millis);
        out.ascii("Z\"}");
        return out.bytes();
    }

    /** {@code ,"Canonical-Name":} for a header name as sent, or {@link #REDACTED}. */
    private byte[] headerField(String sentName) {
        byte[] field = headerFields.get(sentName);
        if (field == null) {
            String name = HeaderNames.canonical(sentName);
            field = redacted.contains(name) ? REDACTED : utf8("," + quoted(name) + ":");
            if (headerFields.size() < HEADER_NAME_CACHE_LIMIT) {
                headerFields.put(sentName, field);
            }
        }
        return field;
    }

    private byte[] secondText(long millis) {
        long epochSecond = Math.floorDiv(millis, 1000L);
        Second current = second;
        if (current.epochSecond != epochSecond) {
            current = new Second(epochSecond, utf8(UP_TO_SECONDS.format(Instant.ofEpochSecond(epochSecond))));
            second = current;
        }
        return current.text;
    }

    private record Second(long epochSecond, byte[] text) {
    }

    private static String quoted(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The kept headers of one request; duplicates (same field) merged. Requests carry few headers. */
    private static final class Fields {
        byte[][] names = new byte[8][];
        String[] values = new String[8];
        int count;

        void add(byte[] name, String value) {
            for (int i = 0; i < count; i++) {
                if (Arrays.equals(names[i], name)) {
                    values[i] = values[i] + ", " + value;
                    return;
                }
            }
            if (count == names.length) {
                names = Arrays.copyOf(names, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            names[count] = name;
            values[count++] = value;
        }
    }

    /** A growable byte buffer that writes JSON strings: plain ASCII copied, anything else escaped by Jackson. */
    private static final class Output {
        private byte[] buf;
        private int size;

        Output(int capacity) {
            buf = new byte[capacity];
        }

        void write(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        /** Text known to be printable ASCII without quotes or backslashes (numbers, ids, fixed text). */
        void ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[size++] = (byte) s.charAt(i);
            }
        }

        void ascii3(int number) {
            ensure(3);
            buf[size++] = (byte) ('0' + number / 100);
            buf[size++] = (byte) ('0' + number / 10 % 10);
            buf[size++] = (byte) ('0' + number % 10);
        }

        /** A JSON string value, quotes included. */
        void string(String s) {
            int length = s.length();
            ensure(length + 2);
            int start = size;
            buf[size++] = '"';
            for (int i = 0; i < length; i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                    size = start;
                    escaped(s);
                    return;
                }
                buf[size++] = (byte) c;
            }
            buf[size++] = '"';
        }

        private void escaped(String s) {
            byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(s);
            ensure(quoted.length + 2);
            buf[size++] = '"';
            System.arraycopy(quoted, 0, buf, size, quoted.length);
            size += quoted.length;
            buf[size++] = '"';
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, size);
        }
    }
}
