package io.gamepipe.spark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** Each mark of a job's timeline names what the time before it was spent on; an unknown one stays as it is. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            batch 0 offsets logged   | batch 0: offsets log written
            batch 12 read planned    | batch 12: Kafka read planned, classification bound
            batch 0 events published | batch 0: its Spark job, manifest and renames
            batch 0                  | batch 0: counts (and the quarantine, if any)
            batch 0 committed        | batch 0: commit log written
            first task launched      | planning and code generation to the first task
            spark ready              | SparkSession ready, after the check
            batch 3 something new    | batch 3: something new
            something else           | something else
            """)
    void eachTimelineMarkHasItsMeaning(String mark, String label) {
        assertThat(CompareBench.label(mark)).isEqualTo(label);
    }
}
