package io.gamepipe.local;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's accounting: a check is something that could fail and is counted; a progress line
 * only says what happened; a failure that ends the walkthrough early is reported on its own.
 */
final class DemoChecks {

    private final PrintStream out;
    private final List<String> failed = new ArrayList<>();
    private int checks;
    private String stoppedBy;

    DemoChecks(PrintStream out) {
        this.out = out;
    }

    /** Counts a check, prints ✔ or ✘ with {@code what}, and remembers a failed one. */
    void check(boolean held, String what) {
        checks++;
        out.println((held ? "✔ " : "✘ ") + what);
        out.flush();
        if (!held) {
            failed.add(what);
        }
    }

    /** A line about the walkthrough's progress: printed, never counted. */
    void progress(String what) {
        out.println("  " + what);
        out.flush();
    }

    /** The walkthrough could not go on (a job failed, the cluster did not start): the demo fails. */
    void stoppedBy(String reason) {
        stoppedBy = reason;
        out.println("✘ " + reason);
        out.flush();
    }

    boolean passed() {
        return failed.isEmpty() && stoppedBy == null;
    }

    int checks() {
        return checks;
    }

    /** The last lines of the demo: how many checks held, or which failed and why it stopped. */
    void printSummary(double seconds) {
        out.println();
        if (passed()) {
            out.printf("demo passed: %d checks held, %.1f s%n", checks, seconds);
            return;
        }
        out.printf("demo FAILED after %.1f s: %d of %d checks failed%s%n", seconds, failed.size(), checks,
                stoppedBy == null ? "" : ", and it stopped early");
        failed.forEach(failure -> out.println("  - " + failure.lines().findFirst().orElse(failure)));
        if (stoppedBy != null) {
            out.println("  - stopped by: " + stoppedBy.lines().findFirst().orElse(stoppedBy));
        }
    }
}
