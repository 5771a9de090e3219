package io.gamepipe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void marksArePrintedInTheOrderTheyHappenedEvenWhenOneIsReportedLate() {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Timeline.start();
        long now = System.currentTimeMillis();
        Timeline.markAt("later", now + 5_000);
        Timeline.markAt("reported late", now + 1_000);
        Timeline.mark("now");

        String line = Timeline.line();

        assertThat(line).startsWith("jvm start " + jvmStart + " | main +").endsWith(" (ms)");
        assertThat(line).containsSubsequence("| main +", "| now +", "| reported late +" + (now + 1_000 - jvmStart),
                "| later +" + (now + 5_000 - jvmStart));
    }
}
