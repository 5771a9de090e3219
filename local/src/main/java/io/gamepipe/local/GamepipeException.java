package io.gamepipe.local;

/** A failure the user can act on: its message is printed as is, without a stack trace. */
final class GamepipeException extends RuntimeException {

    /** Exit status for bad usage (unknown job, unknown component), as picocli uses for bad options. */
    static final int USAGE = 2;
    static final int FAILURE = 1;

    private final int exitCode;

    GamepipeException(String message) {
        this(FAILURE, message);
    }

    GamepipeException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
