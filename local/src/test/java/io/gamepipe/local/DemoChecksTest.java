package io.gamepipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo counts what could fail, and only that. */
class DemoChecksTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final DemoChecks checks = new DemoChecks(new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void progressLinesAreNotCounted() {
        checks.check(true, "GET / answered");
        checks.progress("job extract finished");
        checks.check(true, "/tmp/extracted_events holds 9 rows");
        checks.printSummary(1.5);

        assertThat(checks.checks()).isEqualTo(2);
        assertThat(output()).contains("✔ GET / answered").contains("  job extract finished")
                .contains("demo passed: 2 checks held, 1.5 s").doesNotContain("✔ job");
    }

    @Test
    void aFailedCheckFailsTheDemoAndIsListed() {
        checks.check(true, "GET / answered");
        checks.check(false, "9 events in topic events (found 8)");
        checks.printSummary(2.0);

        assertThat(checks.passed()).isFalse();
        assertThat(output()).contains("✘ 9 events in topic events (found 8)")
                .contains("demo FAILED after 2.0 s: 1 of 2 checks failed\n  - 9 events in topic events (found 8)");
    }

    @Test
    void aStepThatEndsTheWalkthroughFailsTheDemoWithoutCountingAsACheck() {
        checks.check(true, "GET / answered");
        checks.stoppedBy("job extract failed with exit code 1");
        checks.printSummary(3.0);

        assertThat(checks.passed()).isFalse();
        assertThat(checks.checks()).isEqualTo(1);
        assertThat(output()).contains("demo FAILED after 3.0 s: 0 of 1 checks failed, and it stopped early")
                .contains("  - stopped by: job extract failed with exit code 1");
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
