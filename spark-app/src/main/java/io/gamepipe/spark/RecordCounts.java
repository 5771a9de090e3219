package io.gamepipe.spark;

import java.io.Serializable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Counts records read and quarantined while the events are written, in the same pass: the one-pass
 * classification ({@link DirectClassifier}) adds every record it classifies to two accumulators. So no
 * second read of the topic just to count, no operator in the plan for it (an observed metric would
 * split the write's generated code in two, with a copy of every row between), and the quarantine
 * is only written in a second pass when there is something to quarantine.
 *
 * <p>Spark adds a task's counts on the driver only when the task succeeds, before the action
 * returns. The counts are those of the first action over the classified rows: they are taken when
 * first asked for, so ask right after that action (a later pass, such as the quarantine's, reads
 * the records again and would count them again).
 */
final class RecordCounts implements Serializable {

    private final LongAccumulator read;
    private final LongAccumulator quarantined;
    private transient long[] taken;

    RecordCounts(SparkSession spark) {
        this.read = spark.sparkContext().longAccumulator();
        this.quarantined = spark.sparkContext().longAccumulator();
    }

    /** In a task: one more record classified. */
    void add(boolean isQuarantined) {
        read.add(1);
        if (isQuarantined) {
            quarantined.add(1);
        }
    }

    long read() {
        return taken()[0];
    }

    long quarantined() {
        return taken()[1];
    }

    private long[] taken() {
        if (taken == null) {
            taken = new long[] {read.value(), quarantined.value()};
        }
        return taken;
    }
}
