package io.gamepipe.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka 3.9 broker in this JVM, in KRaft mode (the default) or in ZooKeeper
 * mode (as the original docker-compose ran it). The log directory outlives {@link #stop()}, so a
 * stopped broker can be started again with its data, on the same ports.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** How the broker keeps its cluster metadata. */
    public enum MetadataMode {
        KRAFT, ZOOKEEPER
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CLUSTER_ID = "gamepipe-local-kafka0";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Starts on picked ports: a port taken between the pick and the bind costs a start on new ones. */
    private static final int BIND_ATTEMPTS = 3;

    private final MetadataMode mode;
    private final String host;
    /** Picked again (once per failed bind) until the first start succeeds, then fixed: restarts keep them. */
    private volatile int port;
    private volatile int controllerPort;
    private final IntSupplier portPicker;
    private final boolean pickPort;
    private final boolean pickControllerPort;
    private boolean startedOnce;
    private final String zookeeperConnect;
    private final Path logDir;
    private final Map<String, String> overrides;

    private KafkaInternals.RunningBroker broker;

    private EmbeddedKafka(Builder b) {
        this.mode = b.mode;
        this.host = b.host;
        this.portPicker = b.portPicker;
        this.pickPort = b.port == 0;
        this.pickControllerPort = b.controllerPort == 0;
        this.port = pickPort ? portPicker.getAsInt() : b.port;
        this.controllerPort = pickControllerPort ? portPicker.getAsInt() : b.controllerPort;
        this.zookeeperConnect = b.zookeeperConnect;
        this.logDir = b.logDir;
        this.overrides = Map.copyOf(b.overrides);
        if (mode == MetadataMode.ZOOKEEPER) {
            Objects.requireNonNull(zookeeperConnect, "ZooKeeper mode needs a ZooKeeper connect string");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes Kafka's fatal-error paths throw instead of halting the JVM: a broker that cannot bind
     * its port would otherwise kill the whole test run with it.
     */
    public static void throwInsteadOfExiting() {
        KafkaInternals.throwInsteadOfExiting();
    }

    /**
     * Starts the broker and returns once it answers metadata requests. On its first start, a
     * broker whose ports were picked free starts again on new ones if a port was taken meanwhile.
     */
    public synchronized EmbeddedKafka start() {
        if (isRunning()) {
            throw new IllegalStateException("Kafka is already running on " + bootstrapServers());
        }
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean mayRepick = !startedOnce && (pickPort || pickControllerPort);
        FreePorts.retryOnBindFailure(mayRepick ? BIND_ATTEMPTS : 1, attempt -> {
            if (attempt > 1) {
                LOG.info("A port of Kafka was taken before it could bind it; starting again on new ports");
                port = pickPort ? portPicker.getAsInt() : port;
                controllerPort = pickControllerPort ? portPicker.getAsInt() : controllerPort;
            }
            startBroker();
            return this;
        });
        startedOnce = true;
        awaitReady();
        LOG.info("Kafka ({} mode) ready on {}", mode, bootstrapServers());
        return this;
    }

    private void startBroker() {
        Properties props = brokerProperties();
        if (mode == MetadataMode.KRAFT) {
            formatStorage(props);
            broker = KafkaInternals.startKRaft(props);
        } else {
            broker = KafkaInternals.startWithZooKeeper(props);
        }
    }

    /** Stops the broker and waits until it has shut down; the data stays in the log directory. */
    public synchronized void stop() {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }

    public synchronized boolean isRunning() {
        return broker != null;
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code host:port} of the PLAINTEXT listener, what clients put in {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return host + ":" + port;
    }

    public int port() {
        return port;
    }

    public MetadataMode mode() {
        return mode;
    }

    public Path logDir() {
        return logDir;
    }

    /** Creates a topic if it does not exist yet, like {@code kafka-topics --create --if-not-exists}. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + name, e);
        }
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        String plaintext = "PLAINTEXT://" + host + ":" + port;
        if (mode == MetadataMode.KRAFT) {
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
            p.put("listeners", plaintext + ",CONTROLLER://" + host + ":" + controllerPort);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            p.put("broker.id", "1");
            p.put("zookeeper.connect", zookeeperConnect);
            p.put("zookeeper.connection.timeout.ms", "30000");
            p.put("listeners", plaintext);
        }
        p.put("advertised.listeners", plaintext);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // One broker: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        p.put("controlled.shutdown.enable", "true");
        p.put("controlled.shutdown.max.retries", "1");
        p.putAll(overrides);
        return p;
    }

    /** {@code kafka-storage format --ignore-formatted}: a no-op on a log directory used before. */
    private void formatStorage(Properties props) {
        Path configFile = logDir.resolve("server.properties");
        try {
            try (var out = Files.newOutputStream(configFile)) {
                props.store(out, "written by gamepipe EmbeddedKafka for kafka-storage format");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int rc;
            try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                rc = KafkaInternals.formatStorage(clusterId(), configFile, print);
            }
            if (rc != 0) {
                throw new IllegalStateException("formatting " + logDir + " failed: " + output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cluster id is 16 bytes in URL-safe base64 (22 characters); a fixed one keeps restarts simple. */
    private static String clusterId() {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(CLUSTER_ID.substring(0, 16).getBytes(StandardCharsets.US_ASCII));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(adminConfig)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka did not become ready on " + bootstrapServers(), e);
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    public static final class Builder {
        private MetadataMode mode = MetadataMode.KRAFT;
        private String host = "localhost";
        private int port;
        private int controllerPort;
        private String zookeeperConnect;
        private Path logDir;
        private final Map<String, String> overrides = new java.util.HashMap<>();
        private IntSupplier portPicker = FreePorts::pick;

        public Builder mode(MetadataMode mode) {
            this.mode = mode;
            return this;
        }

        /** The advertised host name; {@code localhost} by default. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The KRaft controller port; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        public Builder zookeeperConnect(String zookeeperConnect) {
            this.zookeeperConnect = zookeeperConnect;
            return this;
        }

        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** Where ports given as 0 come from; {@link FreePorts#pick()} unless a test says otherwise. */
        Builder portPicker(IntSupplier portPicker) {
            this.portPicker = portPicker;
            return this;
        }

        /** Any broker property, e.g. {@code auto.create.topics.enable=false}. */
        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafka build() {
            if (logDir == null) {
                try {
                    logDir = Files.createTempDirectory("gamepipe-kafka");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new EmbeddedKafka(this);
        }
    }
}
