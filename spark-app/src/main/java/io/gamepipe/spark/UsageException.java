package io.gamepipe.spark;

/** A bad command line: the job prints the message and its usage, and exits with code 2. */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
