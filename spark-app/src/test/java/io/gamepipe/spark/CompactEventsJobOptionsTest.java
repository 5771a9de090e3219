package io.gamepipe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.spark.jobs.CompactEventsJob;
import io.gamepipe.spark.testing.SparkTesting;
import io.gamepipe.spark.testing.SparkTesting.JobRun;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The compact job's options, checked before Spark starts: sizes, retention, one-line errors with exit code 2. */
class CompactEventsJobOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--target-file-size|abc|option --target-file-size must be a size such as 134217728, 512k, 128m or 1g, got 'abc'",
        "--target-file-size|12x|option --target-file-size must be a size such as 134217728, 512k, 128m or 1g, got '12x'",
        "--target-file-size|0|option --target-file-size must be at least 1048576 bytes, got 0",
        "--target-file-size|100k|option --target-file-size must be at least 1048576 bytes, got 100k",
        "--target-file-size|99999999999999g|option --target-file-size is too large, got 99999999999999g",
        "--retention-days|0|option --retention-days must be at least 1, got 0",
        "--retention-days|-3|option --retention-days must be at least 1, got -3",
        "--retention-days|seven|option --retention-days must be a whole number, got 'seven'",
        "--retention-days|20261202|option --retention-days must be at most 36500 (leave it out to keep every partition), got 20261202",
        "--lock-timeout|-1|option --lock-timeout must be at least 0, got -1",
    })
    void aBadOptionIsOneLineAndExitCode2(String option, String value, String message) {
        JobRun run = SparkTesting.run(new CompactEventsJob()::run, option, value);

        assertThat(run.exitCode()).isEqualTo(SparkJob.BAD_ARGUMENTS);
        assertThat(run.err().lines().toList())
                .containsExactly("CompactEventsJob: " + message, "Run with --help for the options.");
    }

    @Test
    void helpListsTheOptionsWithTheirDefaults() {
        JobRun run = SparkTesting.run(new CompactEventsJob()::run, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--target-file-size=SIZE", "(default: 128m)", "--retention-days=DAYS",
                "Not given: keep every partition", "--lock-timeout=SECONDS", "(default: 600)");
    }

    @Test
    void sizesTakeBinaryMultiplesInAnyCase() throws Exception {
        List<JobOptions.Option> options = List.of(CompactEventsJob.TARGET_FILE_SIZE);
        Map<String, Long> expected = Map.of("128m", 128L << 20, "1G", 1L << 30, "2048k", 2048L << 10, "5000000", 5_000_000L,
                "64MB", 64L << 20);
        for (Map.Entry<String, Long> size : expected.entrySet()) {
            JobOptions parsed = JobOptions.parse(options, new String[] {"--target-file-size", size.getKey()}, key -> Optional.empty());
            assertThat(parsed.getBytes(CompactEventsJob.TARGET_FILE_SIZE, 1)).as(size.getKey()).isEqualTo(size.getValue());
        }
    }
}
