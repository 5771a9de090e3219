package io.gamepipe.events;

/**
 * The Kafka topic the API writes and the jobs read, as the original walkthrough named it. Three runtimes create it,
 * each its own way (the API with Kafka's AdminClient, {@code ./gamepipe} through its embedded broker, the operator
 * with a Job running kafka-topics.sh); the name and the defaults they create it with are kept here, and the
 * operator's copies are tested equal.
 */
public final class EventTopic {
    /** The default topic name everywhere (API, jobs, launcher; the operator's CRD default is tested equal). */
    public static final String DEFAULT_NAME = "events";
    /** Partitions of the topic when whoever creates it is told nothing else (the original's one). */
    public static final int DEFAULT_PARTITIONS = 1;
    /** Replication factor likewise (one broker). */
    public static final int DEFAULT_REPLICATION = 1;
    /** The two above as text, for configuration defaults that take strings. */
    public static final String DEFAULT_PARTITIONS_TEXT = "" + DEFAULT_PARTITIONS;
    public static final String DEFAULT_REPLICATION_TEXT = "" + DEFAULT_REPLICATION;

    private EventTopic() {
    }
}
