package io.gamepipe.api;

import io.gamepipe.events.EventType;
import java.nio.charset.StandardCharsets;

/**
 * What one game request amounts to: the text the player gets back and the event it records.
 *
 * @param parameter the value of the type's parameter field ({@link EventType#parameterField()}):
 *                  a String or an Integer (a JSON number), null for types without a parameter
 */
public record Outcome(String body, EventType type, Object parameter) {

    /** The answer's bytes as sent: {@code text/plain;charset=UTF-8}. */
    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
