package io.gamepipe.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobCompilerFlagsTest {

    @Test
    void aShortRunGetsC1AloneAndALongOneALaterC2() {
        assertThat(JobCompilerFlags.forBacklog(0)).containsExactly("-XX:TieredStopAtLevel=1");
        assertThat(JobCompilerFlags.forBacklog(JobCompilerFlags.C2_FROM_RECORDS - 1)).containsExactly("-XX:TieredStopAtLevel=1");
        assertThat(JobCompilerFlags.forBacklog(JobCompilerFlags.C2_FROM_RECORDS))
                .containsExactly("-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
                        "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");
    }

    @Test
    void flagsThatAlreadyChooseTheCompilersAreRecognised() {
        assertThat(JobCompilerFlags.choosesCompilers(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1"))).isTrue();
        assertThat(JobCompilerFlags.choosesCompilers(JobCompilerFlags.LATE_C2)).as("thresholds choose no compiler").isFalse();
        assertThat(JobCompilerFlags.choosesCompilers(List.of("-XX:-TieredCompilation"))).isTrue();
        assertThat(JobCompilerFlags.choosesCompilers(List.of("-Xmx1g", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=/a.jsa"))).isFalse();
    }

    @Test
    void aCollectorOfTheCallersIsSeenSoThatOursDoesNotClashWithIt() {
        assertThat(JobCompilerFlags.COLLECTOR).containsExactly("-XX:+UseParallelGC");
        assertThat(JobCompilerFlags.choosesCollector(List.of("-Xmx1g", "-XX:+UseSerialGC"))).isTrue();
        assertThat(JobCompilerFlags.choosesCollector(List.of("-XX:+UseG1GC"))).isTrue();
        assertThat(JobCompilerFlags.choosesCollector(List.of("-XX:+UseZGC", "-XX:+ZGenerational"))).isTrue();
        assertThat(JobCompilerFlags.choosesCollector(List.of("-Xmx1g", "-XX:ParallelGCThreads=2", "-XX:-UseAdaptiveSizePolicy")))
                .isFalse();
        assertThat(JobCompilerFlags.choosesCollector(List.of())).isFalse();
    }
}
