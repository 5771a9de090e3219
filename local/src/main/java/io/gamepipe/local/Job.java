package io.gamepipe.local;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The Spark jobs of spark-app, by the name {@code submit} knows them. */
enum Job {
    EXTRACT("ExtractEventsJob", "reads every event from Kafka into /tmp/extracted_events"),
    TRANSFORM("TransformEventsJob", "rewrites /tmp/extracted_events with the munged events"),
    SEPARATE("SeparateEventsJob", "splits the events into one dataset per event type under /tmp"),
    LAND("LandEventsJob", "lands new events incrementally, exactly once");

    private final String simpleClassName;
    private final String summary;

    Job(String simpleClassName, String summary) {
        this.simpleClassName = simpleClassName;
        this.summary = summary;
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String mainClass() {
        return "io.gamepipe.spark.jobs." + simpleClassName;
    }

    String summary() {
        return summary;
    }

    static Job byId(String id) {
        return Arrays.stream(values()).filter(job -> job.id().equals(id.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new GamepipeException(GamepipeException.USAGE,
                        "unknown job '" + id + "': expected one of " + ids()));
    }

    static String ids() {
        return Arrays.stream(values()).map(Job::id).collect(Collectors.joining(", "));
    }
}
