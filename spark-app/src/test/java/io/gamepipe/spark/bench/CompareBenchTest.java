package io.gamepipe.spark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompareBenchTest {

    @Test
    void stealShareIsTheStolenPartOfAllTheMachinesTicksBetweenTwoReadings() {
        assertThat(CompareBench.stealShare(new long[] {1_000, 10}, new long[] {3_000, 110})).isEqualTo("5.0%");
    }

    @Test
    void stealShareIsUnknownWithoutTwoReadingsOrWithoutTimePassing() {
        assertThat(CompareBench.stealShare(new long[0], new long[] {3_000, 110})).isEqualTo("unknown");
        assertThat(CompareBench.stealShare(new long[] {3_000, 10}, new long[] {3_000, 10})).isEqualTo("unknown");
    }
}
