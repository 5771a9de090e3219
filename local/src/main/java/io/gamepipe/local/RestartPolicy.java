package io.gamepipe.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When a component that exited is started again, as Kubernetes and systemd do it: after an
 * exponential back-off ({@code initialBackoff}, doubling, at most {@code maxBackoff}), and at most
 * {@code limit} restarts within any {@code window}; one more exit within the window and the
 * component stays down. A component that has been ready for {@link #HEALTHY_AFTER} starts its
 * back-off again from the initial delay.
 */
record RestartPolicy(int limit, Duration window, Duration initialBackoff, Duration maxBackoff) {

    /** How long a component must have been ready for its next exit to be treated as a first one. */
    static final Duration HEALTHY_AFTER = Duration.ofSeconds(60);

    RestartPolicy {
        if (limit < 0 || window.isNegative() || window.isZero() || initialBackoff.isNegative()
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("invalid restart policy " + limit + " " + window + " " + initialBackoff + " " + maxBackoff);
        }
    }

    /** What to do about an exit: restart after {@code delay} (the {@code restart}-th restart in all), or give up. */
    record Decision(boolean restart, Duration delay, int restartsInWindow) {
    }

    /** One component's restart history. Not thread-safe: the supervisor holds it under its lock. */
    final class Tracker {
        private final Deque<Instant> restartsInWindow = new ArrayDeque<>();
        private int consecutiveFailures;
        private int restarts;
        private Instant readySince;

        /** Decides about an exit (or a failed restart) at {@code now}, and counts the restart it allows. */
        Decision onExit(Instant now) {
            if (readySince != null && !now.isBefore(readySince.plus(HEALTHY_AFTER))) {
                consecutiveFailures = 0;
            }
            readySince = null;
            Instant windowStart = now.minus(window);
            while (!restartsInWindow.isEmpty() && !restartsInWindow.peekFirst().isAfter(windowStart)) {
                restartsInWindow.removeFirst();
            }
            if (restartsInWindow.size() >= limit) {
                return new Decision(false, Duration.ZERO, restartsInWindow.size());
            }
            Duration delay = backoff(consecutiveFailures);
            consecutiveFailures++;
            restarts++;
            restartsInWindow.addLast(now);
            return new Decision(true, delay, restartsInWindow.size());
        }

        /** The component is ready again. */
        void onReady(Instant now) {
            readySince = now;
        }

        /** Restarts since the cluster started, failed ones included (as Kubernetes counts them). */
        int restarts() {
            return restarts;
        }
    }

    /** What happens when a component dies, in a sentence for the user. */
    String describe() {
        String others = "the others keep running; ./gamepipe status shows each one's restarts and last exit";
        if (limit == 0) {
            return "a component that exits stays down (--restart-limit 0); " + others;
        }
        return "a component that exits is restarted on its ports and data after " + initialBackoff.toSeconds() + " s, the wait doubling up to "
                + maxBackoff.toSeconds() + " s, at most " + limit + " times within " + window.toSeconds() + " s (then it stays down); " + others;
    }

    Tracker tracker() {
        return new Tracker();
    }

    /** {@code initialBackoff} × 2^failures, at most {@code maxBackoff}. */
    Duration backoff(int failures) {
        Duration delay = initialBackoff;
        for (int i = 0; i < failures && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
