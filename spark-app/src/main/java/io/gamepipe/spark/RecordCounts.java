package io.gamepipe.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * Counts records read and quarantined while the events are written, in the same pass (Spark's
 * {@link Observation}): no second read of the topic just to count, and the quarantine is only
 * written in a second pass when there is something to quarantine.
 */
final class RecordCounts {

    private static final long WAIT_SECONDS = 120;

    private final Observation observation = new Observation("gamepipe-counts-" + UUID.randomUUID());

    /** {@code classified} with the counters attached; run one action on (a descendant of) it. */
    Dataset<Row> observe(Dataset<Row> classified) {
        return classified.observe(observation,
                count(lit(1)).as("read"),
                coalesce(sum(when(col(EventColumns.REASON).isNotNull(), 1).otherwise(0)), lit(0L)).as("quarantined"));
    }

    long read() {
        return metric("read");
    }

    long quarantined() {
        return metric("quarantined");
    }

    private Map<String, Object> awaitMetrics() {
        try {
            return observation.getAsJava();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the record counts", e);
        }
    }

    private long metric(String name) {
        Map<String, Object> metrics;
        try {
            // The metrics arrive through Spark's listener bus, just after the action returns.
            metrics = CompletableFuture.supplyAsync(this::awaitMetrics).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the record counts", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the record counts did not arrive", e);
        }
        return ((Number) metrics.get(name)).longValue();
    }
}
