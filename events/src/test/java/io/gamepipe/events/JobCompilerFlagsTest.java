package io.gamepipe.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobCompilerFlagsTest {

    @Test
    void aShortRunGetsC1AloneAndALongOneTheDefaults() {
        assertThat(JobCompilerFlags.forBacklog(0)).containsExactly("-XX:TieredStopAtLevel=1");
        assertThat(JobCompilerFlags.forBacklog(JobCompilerFlags.C2_FROM_RECORDS - 1)).containsExactly("-XX:TieredStopAtLevel=1");
        assertThat(JobCompilerFlags.forBacklog(JobCompilerFlags.C2_FROM_RECORDS)).isEmpty();
    }

    @Test
    void flagsThatAlreadyChooseTheCompilersAreRecognised() {
        assertThat(JobCompilerFlags.choosesCompilers(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1"))).isTrue();
        assertThat(JobCompilerFlags.choosesCompilers(List.of("-XX:Tier4InvocationThreshold=50000"))).isTrue();
        assertThat(JobCompilerFlags.choosesCompilers(List.of("-XX:-TieredCompilation"))).isTrue();
        assertThat(JobCompilerFlags.choosesCompilers(List.of("-Xmx1g", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=/a.jsa"))).isFalse();
    }
}
