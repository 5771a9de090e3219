package io.gamepipe.api;

import io.gamepipe.events.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Sends events and waits for Kafka's acknowledgement, within a bound: a request is answered 200
 * only once its event is in the topic ({@code acks=all}), and 503 when that did not happen in time.
 */
public final class EventPublisher implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    /** At most one failure line per this interval: a broker outage under load must not flood the log. */
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

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

    /** Returns once Kafka has the event; throws {@link EventNotRecordedException} otherwise. */
    public void publish(EventType type, String eventId, byte[] event) {
        Meters m = meters.get(type);
        long start = System.nanoTime();
        try {
            Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(topic, eventId, event));
            long left = sendTimeoutNanos - (System.nanoTime() - start);
            ack.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            m.sendLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            m.accepted.increment();
        } catch (ExecutionException e) {
            throw failed(m, type, eventId, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw failed(m, type, eventId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(m, type, eventId, e);
        }
    }

    private EventNotRecordedException failed(Meters m, EventType type, String eventId, Throwable cause) {
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
        return new EventNotRecordedException("event " + eventId + " not acknowledged by Kafka", cause);
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
