package io.gamepipe.api;

/** Kafka did not acknowledge an event in time: the request is answered 503 and the client may retry. */
public final class EventNotRecordedException extends RuntimeException {

    public EventNotRecordedException(String message, Throwable cause) {
        super(message, cause);
    }
}
