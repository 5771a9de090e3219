package io.gamepipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restart policy's accounting, on given instants (no clock involved). */
class RestartPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final RestartPolicy defaults = new RestartPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void backOffDoublesFromOneSecondUpToThirty() {
        RestartPolicy unlimited = new RestartPolicy(100, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(30));
        RestartPolicy.Tracker tracker = unlimited.tracker();
        List<Long> delays = new ArrayList<>();
        for (int exit = 0; exit < 8; exit++) {
            delays.add(tracker.onExit(T0.plusSeconds(exit)).delay().toSeconds());
        }
        assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
        assertThat(tracker.restarts()).isEqualTo(8);
    }

    @Test
    void sixthExitWithinTheWindowGivesUp() {
        RestartPolicy.Tracker tracker = defaults.tracker();
        for (int exit = 0; exit < 5; exit++) {
            RestartPolicy.Decision decision = tracker.onExit(T0.plusSeconds(60L * exit));
            assertThat(decision.restart()).isTrue();
            assertThat(decision.restartsInWindow()).isEqualTo(exit + 1);
        }
        RestartPolicy.Decision sixth = tracker.onExit(T0.plusSeconds(299));
        assertThat(sixth.restart()).isFalse();
        assertThat(sixth.restartsInWindow()).isEqualTo(5);
        assertThat(tracker.restarts()).isEqualTo(5);
    }

    @Test
    void restartsOlderThanTheWindowNoLongerCount() {
        RestartPolicy.Tracker tracker = defaults.tracker();
        for (int exit = 0; exit < 5; exit++) {
            tracker.onExit(T0.plusSeconds(exit));
        }
        // The first restart (at T0) has left the 10-minute window: one more is allowed.
        RestartPolicy.Decision later = tracker.onExit(T0.plus(Duration.ofMinutes(10)).plusMillis(1));
        assertThat(later.restart()).isTrue();
        assertThat(later.restartsInWindow()).isEqualTo(5);
        assertThat(tracker.restarts()).isEqualTo(6);
    }

    @Test
    void backOffStartsAgainAfterRunningHealthyForAMinute() {
        RestartPolicy.Tracker tracker = defaults.tracker();
        assertThat(tracker.onExit(T0).delay()).hasSeconds(1);
        tracker.onReady(T0.plusSeconds(5));
        assertThat(tracker.onExit(T0.plusSeconds(30)).delay()).as("ready for 25 s only").hasSeconds(2);
        tracker.onReady(T0.plusSeconds(35));
        assertThat(tracker.onExit(T0.plusSeconds(35).plus(RestartPolicy.HEALTHY_AFTER)).delay()).as("ready for 60 s").hasSeconds(1);
    }

    @Test
    void limitZeroNeverRestarts() {
        RestartPolicy off = new RestartPolicy(0, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThat(off.tracker().onExit(T0).restart()).isFalse();
    }

    @Test
    void refusesAMaximumBelowTheFirstBackOff() {
        assertThatThrownBy(() -> new RestartPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
