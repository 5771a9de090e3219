package io.gamepipe.spark;

/** No Kafka broker answered within the job's {@code --kafka-timeout}; the message says what to check. */
public final class KafkaUnreachableException extends Exception {

    public KafkaUnreachableException(String message) {
        super(message);
    }
}
