package io.gamepipe.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Prints a progress line at most every {@value #INTERVAL_MILLIS} ms while tasks finish: how many
 * tasks are done and how many Kafka records they have read. Silent on short runs.
 */
final class ProgressListener extends SparkListener {

    private static final long INTERVAL_MILLIS = 10_000;

    private final PrintStream out;
    private final long start = System.currentTimeMillis();
    private final AtomicLong tasks = new AtomicLong();
    private final AtomicLong recordsRead = new AtomicLong();
    private volatile long lastPrinted = start;

    ProgressListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        tasks.incrementAndGet();
        if (taskEnd.taskMetrics() != null) {
            recordsRead.addAndGet(taskEnd.taskMetrics().inputMetrics().recordsRead());
        }
        long now = System.currentTimeMillis();
        if (now - lastPrinted >= INTERVAL_MILLIS) {
            lastPrinted = now;
            out.printf(Locale.ROOT, "progress: %.0f s, %,d tasks done, %,d records read%n",
                    (now - start) / 1000.0, tasks.get(), recordsRead.get());
        }
    }
}
