package io.gamepipe.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How a cluster is started: Kafka's mode, every port and every component's heap; each also settable by environment variable. */
final class ClusterOptions {

    /** Kafka's metadata mode: KRaft (default) or ZooKeeper, as the original docker-compose ran it. */
    enum KafkaMode {
        KRAFT, ZOOKEEPER;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--kafka-mode", paramLabel = "kraft|zookeeper", defaultValue = "${env:GAMEPIPE_KAFKA_MODE:-kraft}",
            converter = KafkaModeConverter.class,
            description = "Kafka metadata mode; zookeeper also starts ZooKeeper, like the original (default: kraft; env GAMEPIPE_KAFKA_MODE).")
    KafkaMode kafkaMode;

    @Option(names = "--zookeeper-port", paramLabel = "PORT", defaultValue = "${env:GAMEPIPE_ZOOKEEPER_PORT:-2181}",
            description = "ZooKeeper client port, zookeeper mode only (default: 2181; env GAMEPIPE_ZOOKEEPER_PORT).")
    int zookeeperPort;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "${env:GAMEPIPE_KAFKA_PORT:-9092}",
            description = "Kafka client port (default: 9092; env GAMEPIPE_KAFKA_PORT).")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", paramLabel = "PORT", defaultValue = "${env:GAMEPIPE_KAFKA_CONTROLLER_PORT:-9093}",
            description = "Kafka KRaft controller port, kraft mode only (default: 9093; env GAMEPIPE_KAFKA_CONTROLLER_PORT).")
    int kafkaControllerPort;

    @Option(names = "--hdfs-port", paramLabel = "PORT", defaultValue = "${env:GAMEPIPE_HDFS_PORT:-8020}",
            description = "HDFS NameNode RPC port (default: 8020; env GAMEPIPE_HDFS_PORT).")
    int hdfsPort;

    @Option(names = "--hdfs-http-port", paramLabel = "PORT", defaultValue = "${env:GAMEPIPE_HDFS_HTTP_PORT:-9870}",
            description = "HDFS NameNode web UI port (default: 9870; env GAMEPIPE_HDFS_HTTP_PORT).")
    int hdfsHttpPort;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "${env:GAMEPIPE_API_PORT:-5000}",
            description = "Game API port (default: 5000; env GAMEPIPE_API_PORT).")
    int apiPort;

    @Option(names = "--api-management-port", paramLabel = "PORT", defaultValue = "${env:GAMEPIPE_API_MANAGEMENT_PORT:-8081}",
            description = "Game API health/metrics port (default: 8081; env GAMEPIPE_API_MANAGEMENT_PORT).")
    int apiManagementPort;

    @Option(names = "--zookeeper-memory", paramLabel = "SIZE", defaultValue = "${env:GAMEPIPE_ZOOKEEPER_MEMORY:-128m}",
            description = "ZooKeeper JVM heap (-Xmx) (default: 128m; env GAMEPIPE_ZOOKEEPER_MEMORY).")
    String zookeeperMemory;

    @Option(names = "--kafka-memory", paramLabel = "SIZE", defaultValue = "${env:GAMEPIPE_KAFKA_MEMORY:-512m}",
            description = "Kafka JVM heap (default: 512m; env GAMEPIPE_KAFKA_MEMORY).")
    String kafkaMemory;

    @Option(names = "--hdfs-memory", paramLabel = "SIZE", defaultValue = "${env:GAMEPIPE_HDFS_MEMORY:-512m}",
            description = "HDFS JVM heap (default: 512m; env GAMEPIPE_HDFS_MEMORY).")
    String hdfsMemory;

    @Option(names = "--api-memory", paramLabel = "SIZE", defaultValue = "${env:GAMEPIPE_API_MEMORY:-384m}",
            description = "Game API JVM heap (default: 384m; env GAMEPIPE_API_MEMORY).")
    String apiMemory;

    @Option(names = "--api-warm-up", paramLabel = "DURATION", defaultValue = "${env:API_WARM_UP:-}",
            description = "Longest warm-up of the game API before it reports ready, e.g. 6s; 0s: none (default: 6s;"
                    + " env API_WARM_UP; ./gamepipe demo: 0s unless given).")
    String apiWarmUp;

    @Option(names = "--no-api", description = "Start only ZooKeeper/Kafka/HDFS, not the game API.")
    boolean noApi;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "${env:GAMEPIPE_START_TIMEOUT:-180}",
            description = "How long each component may take to become ready (default: 180; env GAMEPIPE_START_TIMEOUT).")
    int startTimeoutSeconds;

    @Option(names = "--restart-limit", paramLabel = "N", defaultValue = "${env:GAMEPIPE_RESTART_LIMIT:-5}",
            description = "Restarts allowed per component within --restart-window; one more exit and it stays down; 0: never restart (default: 5; env GAMEPIPE_RESTART_LIMIT).")
    int restartLimit;

    @Option(names = "--restart-window", paramLabel = "SECONDS", defaultValue = "${env:GAMEPIPE_RESTART_WINDOW:-600}",
            description = "The window --restart-limit counts restarts in (default: 600; env GAMEPIPE_RESTART_WINDOW).")
    int restartWindowSeconds;

    @Option(names = "--restart-backoff", paramLabel = "SECONDS", defaultValue = "${env:GAMEPIPE_RESTART_BACKOFF:-1}",
            description = "Wait before the first restart; doubles on each further exit (default: 1; env GAMEPIPE_RESTART_BACKOFF).")
    int restartBackoffSeconds;

    @Option(names = "--restart-backoff-max", paramLabel = "SECONDS", defaultValue = "${env:GAMEPIPE_RESTART_BACKOFF_MAX:-30}",
            description = "Longest wait before a restart (default: 30; env GAMEPIPE_RESTART_BACKOFF_MAX).")
    int restartBackoffMaxSeconds;

    /** The restart policy these options give, or a usage error naming the bad option. */
    /**
     * The API's own bounds (0s to 10m) in the forms users write (500ms, 30s, 2m), checked here so
     * that a typo is a usage error before anything starts rather than an API that will not start.
     */
    void checkApiWarmUp() {
        Matcher duration = Pattern.compile("(\\d{1,9})(ms|s|m)").matcher(apiWarmUp);
        if (apiWarmUp.isEmpty()) {
            return;
        }
        long millis = duration.matches() ? Long.parseLong(duration.group(1))
                * switch (duration.group(2)) { case "ms" -> 1L; case "s" -> 1_000L; default -> 60_000L; } : -1;
        if (millis < 0 || millis > 600_000) {
            throw usage("--api-warm-up (env API_WARM_UP) must be a duration from 0s to 10m such as 30s or 500ms, got '"
                    + apiWarmUp + "'");
        }
    }

    RestartPolicy restartPolicy() {
        if (restartLimit < 0) {
            throw usage("--restart-limit must be 0 or more, got " + restartLimit);
        }
        if (restartWindowSeconds < 1) {
            throw usage("--restart-window must be at least 1 second, got " + restartWindowSeconds);
        }
        if (restartBackoffSeconds < 0) {
            throw usage("--restart-backoff must be 0 or more seconds, got " + restartBackoffSeconds);
        }
        if (restartBackoffMaxSeconds < restartBackoffSeconds) {
            throw usage("--restart-backoff-max (" + restartBackoffMaxSeconds + ") must not be less than --restart-backoff ("
                    + restartBackoffSeconds + ")");
        }
        if (startTimeoutSeconds < 1) {
            throw usage("--start-timeout must be at least 1 second, got " + startTimeoutSeconds);
        }
        return new RestartPolicy(restartLimit, Duration.ofSeconds(restartWindowSeconds),
                Duration.ofSeconds(restartBackoffSeconds), Duration.ofSeconds(restartBackoffMaxSeconds));
    }

    private static GamepipeException usage(String message) {
        return new GamepipeException(GamepipeException.USAGE, message);
    }

    boolean zooKeeperMode() {
        return kafkaMode == KafkaMode.ZOOKEEPER;
    }

    /** The components this configuration starts, in start order. */
    List<Component> components() {
        List<Component> components = new ArrayList<>();
        if (zooKeeperMode()) {
            components.add(Component.ZOOKEEPER);
        }
        components.add(Component.KAFKA);
        components.add(Component.HDFS);
        if (!noApi) {
            components.add(Component.API);
        }
        return components;
    }

    /** Every port that must be free before starting, with the option and variable that change it. */
    List<PortCheck.Port> ports() {
        List<PortCheck.Port> ports = new ArrayList<>();
        if (zooKeeperMode()) {
            ports.add(new PortCheck.Port(Component.ZOOKEEPER, zookeeperPort, "ZooKeeper", "--zookeeper-port", "GAMEPIPE_ZOOKEEPER_PORT"));
        }
        ports.add(new PortCheck.Port(Component.KAFKA, kafkaPort, "Kafka", "--kafka-port", "GAMEPIPE_KAFKA_PORT"));
        if (!zooKeeperMode()) {
            ports.add(new PortCheck.Port(Component.KAFKA, kafkaControllerPort, "Kafka controller", "--kafka-controller-port", "GAMEPIPE_KAFKA_CONTROLLER_PORT"));
        }
        ports.add(new PortCheck.Port(Component.HDFS, hdfsPort, "HDFS NameNode", "--hdfs-port", "GAMEPIPE_HDFS_PORT"));
        ports.add(new PortCheck.Port(Component.HDFS, hdfsHttpPort, "HDFS web UI", "--hdfs-http-port", "GAMEPIPE_HDFS_HTTP_PORT"));
        if (!noApi) {
            ports.add(new PortCheck.Port(Component.API, apiPort, "game API", "--api-port", "GAMEPIPE_API_PORT"));
            ports.add(new PortCheck.Port(Component.API, apiManagementPort, "game API management", "--api-management-port", "GAMEPIPE_API_MANAGEMENT_PORT"));
        }
        return ports;
    }

    /** The ports {@code component} binds. */
    List<PortCheck.Port> ports(Component component) {
        return ports().stream().filter(port -> port.component() == component).toList();
    }

    /** These options spelled out, to start the same cluster from another process ({@code up -d}). */
    List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of(
                "--kafka-mode", kafkaMode.id(),
                "--zookeeper-port", Integer.toString(zookeeperPort),
                "--kafka-port", Integer.toString(kafkaPort),
                "--kafka-controller-port", Integer.toString(kafkaControllerPort),
                "--hdfs-port", Integer.toString(hdfsPort),
                "--hdfs-http-port", Integer.toString(hdfsHttpPort),
                "--api-port", Integer.toString(apiPort),
                "--api-management-port", Integer.toString(apiManagementPort),
                "--zookeeper-memory", zookeeperMemory,
                "--kafka-memory", kafkaMemory,
                "--hdfs-memory", hdfsMemory,
                "--api-memory", apiMemory,
                "--start-timeout", Integer.toString(startTimeoutSeconds),
                "--restart-limit", Integer.toString(restartLimit),
                "--restart-window", Integer.toString(restartWindowSeconds),
                "--restart-backoff", Integer.toString(restartBackoffSeconds),
                "--restart-backoff-max", Integer.toString(restartBackoffMaxSeconds)));
        if (!apiWarmUp.isEmpty()) {
            args.addAll(List.of("--api-warm-up", apiWarmUp));
        }
        if (noApi) {
            args.add("--no-api");
        }
        return args;
    }

    static final class KafkaModeConverter implements CommandLine.ITypeConverter<KafkaMode> {
        @Override
        public KafkaMode convert(String value) {
            try {
                return KafkaMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected kraft or zookeeper, got '" + value + "'");
            }
        }
    }
}
