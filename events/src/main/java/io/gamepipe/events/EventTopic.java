package io.gamepipe.events;

/** The Kafka topic the API writes and the jobs read, as the original walkthrough named it. */
public final class EventTopic {
    /** The default topic name everywhere (API, jobs, launcher; the operator's CRD default is tested equal). */
    public static final String DEFAULT_NAME = "events";

    private EventTopic() {
    }
}
