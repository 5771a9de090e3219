package io.gamepipe.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Keeps the events topic in existence and tells readiness whether Kafka is reachable. Every
 * interval it describes the topic; a missing topic is created, like
 * {@code kafka-topics --create --if-not-exists}. The first check runs at start, so a broker that
 * is up gets its topic before the first request; a broker that is not leaves the API not ready.
 */
public final class KafkaTopicMonitor implements HealthIndicator, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopicMonitor.class);

    private final Admin admin;
    private final String topic;
    private final int partitions;
    private final short replication;
    private final Duration checkTimeout;
    private final ScheduledExecutorService scheduler;
    private volatile Health health = Health.down().withDetail("reason", "not checked yet").build();

    public KafkaTopicMonitor(Admin admin, GameApiProperties.Events events, Duration interval) {
        this.admin = admin;
        this.topic = events.topic();
        this.partitions = events.topicPartitions();
        this.replication = events.topicReplication();
        this.checkTimeout = interval;
        check();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kafka-topic-monitor");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::checkSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Health health() {
        return health;
    }

    /** A scheduled task that throws is never run again: nothing may escape. */
    private void checkSafely() {
        try {
            check();
        } catch (Throwable t) {
            LOG.error("Kafka check failed unexpectedly", t);
        }
    }

    /** Describes the topic (creating it if missing) and records the answer as the health. */
    void check() {
        Health next;
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(checkTimeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            next = Health.up().withDetail("topic", topic)
                    .withDetail("partitions", description.partitions().size()).build();
        } catch (ExecutionException e) {
            next = e.getCause() instanceof UnknownTopicOrPartitionException ? createTopic() : down(e.getCause());
        } catch (TimeoutException e) {
            next = Health.down().withDetail("reason", "Kafka did not answer within " + checkTimeout.toMillis() + " ms").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            next = down(e);
        }
        logTransition(health, next);
        health = next;
    }

    private Health createTopic() {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replication))).all()
                    .get(checkTimeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created topic '{}' ({} partitions, replication {})", topic, partitions, replication);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.error("Could not create topic '{}': {}", topic, e.getCause().toString());
                return down(e.getCause());
            }
        } catch (TimeoutException e) {
            return Health.down().withDetail("reason", "creating topic " + topic + " timed out").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(e);
        }
        return Health.up().withDetail("topic", topic).withDetail("partitions", partitions).build();
    }

    /**
     * Creates {@code name} with one partition, the events topic's replication and {@code configs}
     * unless it exists; false (and a warning) when Kafka refused or did not answer in time.
     */
    boolean createIfMissing(String name, Map<String, String> configs) {
        try {
            admin.createTopics(List.of(new NewTopic(name, 1, replication).configs(configs))).all()
                    .get(checkTimeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created topic '{}' ({})", name, configs);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return true;
            }
            LOG.warn("Could not create topic '{}': {}", name, e.getCause().toString());
        } catch (TimeoutException e) {
            LOG.warn("Creating topic '{}' timed out after {} ms", name, checkTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static Health down(Throwable cause) {
        return Health.down().withDetail("reason", String.valueOf(cause)).build();
    }

    private void logTransition(Health before, Health after) {
        boolean wasUp = before.getStatus().equals(org.springframework.boot.actuate.health.Status.UP);
        boolean isUp = after.getStatus().equals(org.springframework.boot.actuate.health.Status.UP);
        if (wasUp && !isUp) {
            LOG.error("Kafka became unreachable, the API is not ready: {}", after.getDetails().get("reason"));
        } else if (!wasUp && isUp) {
            LOG.info("Kafka reachable, topic '{}' present: the API is ready", topic);
        } else if (!isUp && before.getDetails().get("reason").equals("not checked yet")) {
            LOG.error("Kafka not reachable at start, the API is not ready: {}", after.getDetails().get("reason"));
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }

    static Map<String, Object> adminConfig(String bootstrapServers, Duration timeout) {
        int millis = (int) timeout.toMillis();
        return Map.of("bootstrap.servers", bootstrapServers, "client.id", "game-api-admin",
                "request.timeout.ms", millis, "default.api.timeout.ms", millis);
    }
}
