package io.gamepipe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.events.JobCompilerFlags;
import io.gamepipe.spark.jobs.ExtractEventsJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The run-time switch between C1 alone and C1 with C2, on this (HotSpot) JVM, no Spark. */
class CompilerChoiceTest {

    /** The compiler directives HotSpot holds now, as {@code jcmd PID Compiler.directives_print} prints them. */
    private static String directives() throws Exception {
        return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
    }

    private static boolean c2Excluded() throws Exception {
        // A directive of ours: its C2 part enabled and excluding (the default directive's C2 part excludes nothing).
        return Pattern.compile("c2 directives:\\s*(inline:[^\\n]*\\s*)?Enable:true Exclude:true").matcher(directives()).find();
    }

    @Test
    void aSmallBacklogKeepsC2OffUntilTheRunEnds() throws Exception {
        CompilerChoice choice = CompilerChoice.startQuick(1_000);
        assertThat(choice.quickOnly()).as("directive added").isTrue();
        assertThat(c2Excluded()).as("C2 off from the start: " + directives()).isTrue();

        choice.backlogKnown(999);
        assertThat(c2Excluded()).isTrue();
        assertThat(choice.decision()).isEqualTo("C1 only (999 records to read, under 1,000)");

        choice.restore();
        assertThat(c2Excluded()).as("the directive is gone with the run").isFalse();
    }

    @Test
    void aLargeBacklogSwitchesC2BackOnForAllButStartUpCode() throws Exception {
        CompilerChoice choice = CompilerChoice.startQuick(1_000);
        choice.backlogKnown(1_000);
        String now = directives();
        assertThat(now).as("no directive of ours for every method").doesNotContainPattern("Directive:\\s*\\n matching: \\*\\.\\*");
        assertThat(now).as("C2 kept off start-up code").contains("org/antlr/*.*", "org/apache/spark/sql/catalyst/optimizer/*.*");
        assertThat(choice.quickOnly()).isFalse();
        assertThat(choice.startUpCodeQuick()).isTrue();
        assertThat(choice.decision()).isEqualTo("C1 and C2, C1 only for start-up code (1,000 records to read, 1,000 or more)");
        choice.restore();
        assertThat(c2Excluded()).isFalse();
        assertThat(choice.startUpCodeQuick()).isFalse();
    }

    @Test
    void compilersTheLauncherChoseAreLeftAsTheyAre() throws Exception {
        CompilerChoice launched = CompilerChoice.forTopicReader(1_000,
                List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=/a.jsa"));
        assertThat(launched.quickOnly()).isFalse();
        assertThat(c2Excluded()).as("no directive of ours").isFalse();
        launched.backlogKnown(1_000_000);
        assertThat(launched.decision()).isEqualTo("chosen at launch [-XX:TieredStopAtLevel=1]");

        CompilerChoice unlaunched = CompilerChoice.forTopicReader(1_000, List.of("-Xmx1g"));
        assertThat(unlaunched.quickOnly()).as("no launcher's choice: the run chooses").isTrue();
        unlaunched.restore();

        CompilerChoice thresholdsOnly = CompilerChoice.forTopicReader(1_000, JobCompilerFlags.LATE_C2);
        assertThat(thresholdsOnly.quickOnly()).as("C2's thresholds choose no compiler: the run still does").isTrue();
        thresholdsOnly.restore();
    }

    @Test
    void thresholdZeroLeavesTheCompilersAlone() throws Exception {
        CompilerChoice choice = CompilerChoice.startQuick(0);
        assertThat(c2Excluded()).isFalse();
        choice.backlogKnown(1);
        assertThat(choice.decision()).isEqualTo("JVM defaults");
    }

    @Test
    void aBadThresholdIsABadArgument() {
        System.setProperty(CompilerChoice.THRESHOLD_CONF, "lots");
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new ExtractEventsJob().run(new String[] {"--bootstrap-servers", "localhost:1"},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).isEqualTo(SparkJob.BAD_ARGUMENTS);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                    "spark.gamepipe.c2FromRecords must be a whole number of records, 0 or more, not 'lots'");
        } finally {
            System.clearProperty(CompilerChoice.THRESHOLD_CONF);
        }
    }
}
