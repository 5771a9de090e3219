package io.gamepipe.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Spark jobs of spark-app: the id that users, {@code ./gamepipe submit} and the GamePipeline spec name each
 * by, and the main class that runs it. spark-app tests that every main class is there; the operator, which
 * depends on no data-plane module, keeps its own copy and a test of its compares the two.
 */
public enum PipelineJob {
    EXTRACT("extract", "io.gamepipe.spark.jobs.ExtractEventsJob"),
    TRANSFORM("transform", "io.gamepipe.spark.jobs.TransformEventsJob"),
    SEPARATE("separate", "io.gamepipe.spark.jobs.SeparateEventsJob"),
    LAND("land", "io.gamepipe.spark.jobs.LandEventsJob"),
    COMPACT("compact", "io.gamepipe.spark.jobs.CompactEventsJob");

    private final String id;
    private final String mainClass;

    PipelineJob(String id, String mainClass) {
        this.id = id;
        this.mainClass = mainClass;
    }

    public String id() {
        return id;
    }

    public String mainClass() {
        return mainClass;
    }

    /** The job of this id, in any letter case. */
    public static Optional<PipelineJob> byId(String id) {
        return Arrays.stream(values()).filter(job -> job.id.equals(id.toLowerCase(Locale.ROOT))).findFirst();
    }

    /** Every id, comma separated, for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(PipelineJob::id).collect(Collectors.joining(", "));
    }
}
