package io.gamepipe.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.IntFunction;

/** Picks free TCP ports on the loopback interface for services whose port must be known before they start. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    /**
     * Runs {@code start} (attempt 1, 2, ...) until it does not fail to bind, at most
     * {@code attempts} times. A port {@link #pick() picked} free may be taken by another process
     * before the service binds it; the service then starts again on ports picked anew, which
     * {@code start} does when its attempt is above 1. Any other failure, and the last bind
     * failure, are thrown as they are.
     */
    public static <T> T retryOnBindFailure(int attempts, IntFunction<T> start) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.apply(attempt);
            } catch (RuntimeException e) {
                if (attempt >= attempts || !isBindFailure(e)) {
                    throw e;
                }
            }
        }
    }

    /** Whether {@code failure} or one of its causes is a failure to bind a port. */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether something already listens on {@code port} (any interface), so a start would fail to bind. */
    public static boolean isTaken(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
