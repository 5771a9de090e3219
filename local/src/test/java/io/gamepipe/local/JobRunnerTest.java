package io.gamepipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The flags ./gamepipe submit gives a job's JVM; the jobs themselves run in LauncherEndToEndTest. */
class JobRunnerTest {

    @Test
    void everyJobJvmGetsTheOpensLateC2TheCallersFlagsAndTheArchive() {
        List<String> flags = JobRunner.jvmFlags(List.of("-XX:+UseSerialGC"), List.of("-XX:SharedArchiveFile=/b/spark-jobs.jsa"));

        assertThat(flags).startsWith(Layout.java17Opens().toArray(String[]::new));
        assertThat(flags.subList(Layout.java17Opens().size(), flags.size()))
                .containsExactly("-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
                        "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000",
                        "-XX:+UseSerialGC", "-XX:SharedArchiveFile=/b/spark-jobs.jsa");
        assertThat(Layout.java17Opens()).as("Spark needs the opens on Java 17").contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    }

    @Test
    void aJobJvmGetsTheParallelCollectorUnlessTheCallerChoseOne() {
        List<String> flags = JobRunner.jvmFlags(List.of("-Xss2m"), List.of());

        assertThat(flags.subList(Layout.java17Opens().size(), flags.size())).containsExactly("-XX:+UseParallelGC",
                "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
                "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000", "-Xss2m");
        assertThat(JobRunner.jvmFlags(List.of("-XX:+UseG1GC"), List.of())).doesNotContain("-XX:+UseParallelGC");
    }
}
