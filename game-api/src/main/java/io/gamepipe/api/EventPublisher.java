package io.gamepipe.api;

import io.gamepipe.events.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Sends events and reports Kafka's verdict, within a bound: a request is answered 200 only once
 * its event is in the topic ({@code acks=all}), and 503 when that did not happen in time. Nothing
 * here waits: the verdict arrives on the producer's I/O thread, so no request thread is held while
 * Kafka acknowledges.
 */
public final class EventPublisher implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    /** At most one failure line per this interval: a broker outage under load must not flood the log. */
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** Kafka's verdict on one event, given exactly once per {@link #publish} call. */
    public interface Verdict {
        /** Kafka has the event, within the send timeout. */
        void acknowledged();

        /** Kafka refused the event or did not acknowledge it within the send timeout. */
        void notRecorded();
    }

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final long sendTimeoutNanos;
    private final Map<EventType, Meters> meters = new EnumMap<>(EventType.class);
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS);
    private final AtomicLong unloggedFailures = new AtomicLong();

    public EventPublisher(Producer<String, byte[]> producer, String topic, Duration sendTimeout, MeterRegistry registry) {
        this.producer = producer;
        this.topic = topic;
        this.sendTimeoutNanos = sendTimeout.toNanos();
        for (EventType type : EventType.values()) {
            meters.put(type, new Meters(type, registry));
        }
    }

    /**
     * A publisher to {@code otherTopic} through this one's producer, counted in {@code otherRegistry}.
     * It is closed with this one (only this one is a bean) and must not be closed itself.
     */
    EventPublisher sharingProducer(String otherTopic, MeterRegistry otherRegistry) {
        return new EventPublisher(producer, otherTopic, Duration.ofNanos(sendTimeoutNanos), otherRegistry);
    }

    /** Fetches the topic's metadata now, so the first send does not wait for it; false if Kafka did not answer. */
    boolean fetchMetadata() {
        try {
            producer.partitionsFor(topic);
            return true;
        } catch (KafkaException e) {
            LOG.debug("No metadata for topic '{}' yet: {}", topic, e.toString());
            return false;
        }
    }

    long sendTimeoutMillis() {
        return TimeUnit.NANOSECONDS.toMillis(sendTimeoutNanos);
    }

    /**
     * Sends the event and returns at once; {@code verdict} is told the outcome exactly once, on
     * the producer's I/O thread (or on this thread when the send is refused at once). An
     * acknowledgement that arrives after the send timeout counts as not recorded: the request is
     * answered within the bound or not at all. Every event is counted once, by Kafka's verdict
     * (the producer gives one for every record it took, at the latest after
     * {@code delivery.timeout.ms} = the send timeout); a caller that answers 503 sooner on its own
     * timer leaves the counting to it.
     */
    public void publish(EventType type, String eventId, byte[] event, Verdict verdict) {
        Meters m = meters.get(type);
        long start = System.nanoTime();
        try {
            producer.send(new ProducerRecord<>(topic, eventId, event), (metadata, exception) -> {
                long took = System.nanoTime() - start;
                if (exception == null && took <= sendTimeoutNanos) {
                    m.sendLatency.record(took, TimeUnit.NANOSECONDS);
                    m.accepted.increment();
                    verdict.acknowledged();
                } else {
                    failed(m, type, eventId, exception != null ? exception
                            : new TimeoutException("acknowledged after " + TimeUnit.NANOSECONDS.toMillis(took) + " ms"));
                    verdict.notRecorded();
                }
            });
        } catch (KafkaException e) {
            failed(m, type, eventId, e);
            verdict.notRecorded();
        }
    }

    private void failed(Meters m, EventType type, String eventId, Throwable cause) {
        m.failed.increment();
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last >= FAILURE_LOG_INTERVAL_NANOS && lastFailureLog.compareAndSet(last, now)) {
            LOG.error("Event {} ({}) not recorded on topic '{}' within {} ms: {}; {} more failures since the last report",
                    eventId, type.wireName(), topic, TimeUnit.NANOSECONDS.toMillis(sendTimeoutNanos), cause.toString(),
                    unloggedFailures.getAndSet(0));
        } else {
            unloggedFailures.incrementAndGet();
        }
    }

    /** Runs after the web server has drained its requests: sends what is still buffered, then closes. */
    @Override
    public void destroy() {
        LOG.info("Flushing and closing the Kafka producer");
        producer.flush();
        producer.close(CLOSE_TIMEOUT);
    }

    /** Prometheus: gamepipe_events_accepted_total, gamepipe_events_failed_total, gamepipe_events_send_seconds. */
    private static final class Meters {
        final Counter accepted;
        final Counter failed;
        final Timer sendLatency;

        Meters(EventType type, MeterRegistry registry) {
            String tag = type.wireName();
            accepted = Counter.builder("gamepipe.events.accepted").tag("event_type", tag)
                    .description("Events Kafka acknowledged (requests answered 200)").register(registry);
            failed = Counter.builder("gamepipe.events.failed").tag("event_type", tag)
                    .description("Events Kafka did not acknowledge in time (requests answered 503)").register(registry);
            sendLatency = Timer.builder("gamepipe.events.send").tag("event_type", tag)
                    .description("From send to Kafka's acknowledgement").publishPercentileHistogram()
                    .register(registry);
        }
    }
}
