package io.gamepipe.local;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The Spark jobs of spark-app, by the name {@code submit} knows them. */
enum Job {
    EXTRACT("ExtractEventsJob"),
    TRANSFORM("TransformEventsJob"),
    SEPARATE("SeparateEventsJob"),
    LAND("LandEventsJob");

    private final String simpleClassName;

    Job(String simpleClassName) {
        this.simpleClassName = simpleClassName;
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String mainClass() {
        return "io.gamepipe.spark.jobs." + simpleClassName;
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
