package io.gamepipe.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.gamepipe.events.EventFields;
import io.gamepipe.events.HeaderNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns an {@link Outcome} and the request's headers into the event's JSON bytes: the event type,
 * its parameter, every header under its Flask name (credentials left out), the event id and the
 * receive time.
 */
public final class EventEncoder {

    /** Always three fraction digits, even when they are zeros (ISO_INSTANT would drop them). */
    private static final DateTimeFormatter RECEIVED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final JsonFactory json;
    private final Set<String> redacted;

    /** @param extraRedactedHeaders header names (any case) to leave out on top of {@link HeaderNames#ALWAYS_REDACTED} */
    public EventEncoder(JsonFactory json, Collection<String> extraRedactedHeaders) {
        this.json = json;
        this.redacted = Stream.concat(HeaderNames.ALWAYS_REDACTED.stream(), extraRedactedHeaders.stream())
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(name -> HeaderNames.canonical(name.toLowerCase(Locale.ROOT)))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Headers under their canonical names, credentials dropped; a header sent more than once (in
     * any case mix) becomes one field with its values joined by ", ", as a WSGI server joins them.
     */
    public Map<String, String> keptHeaders(Iterable<Map.Entry<String, String>> rawHeaders) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : rawHeaders) {
            String name = HeaderNames.canonical(header.getKey());
            if (!redacted.contains(name)) {
                kept.merge(name, header.getValue(), (first, next) -> first + ", " + next);
            }
        }
        return kept;
    }

    public byte[] encode(Outcome outcome, Map<String, String> headers, String eventId, Instant receivedAt) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(EventFields.EVENT_TYPE, outcome.type().wireName());
            if (outcome.parameter() != null) {
                g.writeFieldName(outcome.type().parameterField().orElseThrow(
                        () -> new IllegalArgumentException(outcome.type() + " takes no parameter")));
                if (outcome.parameter() instanceof Integer number) {
                    g.writeNumber(number);
                } else {
                    g.writeString(outcome.parameter().toString());
                }
            }
            for (Map.Entry<String, String> header : headers.entrySet()) {
                g.writeStringField(header.getKey(), header.getValue());
            }
            g.writeStringField(EventFields.EVENT_ID, eventId);
            g.writeStringField(EventFields.RECEIVED_AT, RECEIVED_AT.format(receivedAt));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write an event", e);
        }
        return out.toByteArray();
    }
}
