package io.gamepipe.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Progress on long runs: every {@value #INTERVAL_SECONDS} s a line with the running stages'
 * tasks (done, running, total) and the records the finished tasks have read. Silent on short runs.
 */
final class ProgressListener extends SparkListener implements AutoCloseable {

    private static final long INTERVAL_SECONDS = 10;

    private final PrintStream out;
    private final SparkContext context;
    private final long start = System.nanoTime();
    private final AtomicLong tasksDone = new AtomicLong();
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicBoolean firstTaskSeen = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "gamepipe-progress");
        thread.setDaemon(true);
        return thread;
    });

    ProgressListener(SparkContext context, PrintStream out) {
        this.context = context;
        this.out = out;
        context.addSparkListener(this);
        timer.scheduleAtFixedRate(this::print, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    /** The run's first task, for the timeline: what the driver did before it is planning and code generation. */
    @Override
    public void onTaskStart(SparkListenerTaskStart taskStart) {
        if (firstTaskSeen.compareAndSet(false, true)) {
            Timeline.markAt("first task launched", taskStart.taskInfo().launchTime());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        tasksDone.incrementAndGet();
        if (taskEnd.taskMetrics() != null) {
            recordsRead.addAndGet(taskEnd.taskMetrics().inputMetrics().recordsRead());
        }
    }

    private void print() {
        StringBuilder stages = new StringBuilder();
        for (int stageId : context.statusTracker().getActiveStageIds()) {
            scala.Option<SparkStageInfo> info = context.statusTracker().getStageInfo(stageId);
            if (info.isDefined()) {
                SparkStageInfo stage = info.get();
                stages.append(String.format(Locale.ROOT, ", stage %d: %d/%d tasks done, %d running",
                        stageId, stage.numCompletedTasks(), stage.numTasks(), stage.numActiveTasks()));
            }
        }
        out.printf(Locale.ROOT, "progress: %.0f s, %,d tasks done, %,d records read by them%s%n",
                (System.nanoTime() - start) / 1e9, tasksDone.get(), recordsRead.get(), stages);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        context.removeSparkListener(this);
    }
}
