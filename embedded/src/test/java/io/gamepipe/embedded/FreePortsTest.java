package io.gamepipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A port picked free can be taken before the service binds it: the start is tried again on new ports. */
class FreePortsTest {

    private static RuntimeException bindFailure() {
        return new IllegalStateException("startup failed",
                new UncheckedIOException(new BindException("Address already in use")));
    }

    @Test
    void aBindFailureIsTriedAgainAndTheNextAttemptsResultReturned() {
        List<Integer> attempts = new ArrayList<>();

        String started = FreePorts.retryOnBindFailure(3, attempt -> {
            attempts.add(attempt);
            if (attempt < 3) {
                throw bindFailure();
            }
            return "started on attempt " + attempt;
        });

        assertThat(started).isEqualTo("started on attempt 3");
        assertThat(attempts).containsExactly(1, 2, 3);
    }

    @Test
    void theLastBindFailureIsThrownOnceTheAttemptsAreSpent() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> FreePorts.retryOnBindFailure(2, attempt -> {
            calls.incrementAndGet();
            throw bindFailure();
        })).hasRootCauseInstanceOf(BindException.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void anyOtherFailureIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> FreePorts.retryOnBindFailure(3, attempt -> {
            calls.incrementAndGet();
            throw new IllegalStateException("bad config");
        })).hasMessage("bad config");
        assertThat(calls).hasValue(1);
    }

    /** The real race, made certain: the first port handed to the broker is already taken. */
    @Test
    void aKafkaBrokerWhosePickedPortWasTakenStartsOnAnother() throws Exception {
        EmbeddedKafka.throwInsteadOfExiting();
        Path logDir = TempDirs.create("gamepipe-kafka-bind-test");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicInteger picks = new AtomicInteger();
            EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(logDir)
                    .portPicker(() -> picks.getAndIncrement() == 0 ? taken.getLocalPort() : FreePorts.pick())
                    .build();
            try {
                kafka.start();

                assertThat(kafka.isRunning()).isTrue();
                assertThat(kafka.port()).isNotEqualTo(taken.getLocalPort());
                assertThat(picks.get()).as("client and controller port, then both again").isEqualTo(4);
                kafka.createTopic("after-retry", 1);
            } finally {
                kafka.stop();
            }
        } finally {
            TempDirs.deleteQuietly(logDir);
        }
    }
}
