package io.gamepipe.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * What a supervisor records in {@code state.properties} for the other commands: its own pid, each
 * component's pid, and the endpoints. A state whose supervisor is gone is stale.
 */
final class ClusterState {

    static final String STARTING = "starting";
    static final String RUNNING = "running";

    private final Properties properties;

    private ClusterState(Properties properties) {
        this.properties = properties;
    }

    static ClusterState starting(long supervisorPid, ClusterOptions options) {
        Properties p = new Properties();
        p.setProperty("status", STARTING);
        p.setProperty("supervisor.pid", Long.toString(supervisorPid));
        p.setProperty("started", Instant.now().toString());
        p.setProperty("kafka.mode", options.kafkaMode.id());
        p.setProperty("kafka.bootstrap", "localhost:" + options.kafkaPort);
        p.setProperty("topic", Supervisor.TOPIC);
        p.setProperty("hdfs.uri", "hdfs://localhost:" + options.hdfsPort);
        p.setProperty("hdfs.web", "http://localhost:" + options.hdfsHttpPort + "/");
        if (options.zooKeeperMode()) {
            p.setProperty("zookeeper.connect", "localhost:" + options.zookeeperPort);
        }
        if (!options.noApi) {
            p.setProperty("api.url", "http://localhost:" + options.apiPort + "/");
            p.setProperty("api.health", "http://localhost:" + options.apiManagementPort + "/actuator/health/readiness");
        }
        return new ClusterState(p);
    }

    /** The recorded state, if a state file exists (its supervisor may be gone: see {@link #supervisorAlive()}). */
    static Optional<ClusterState> read(Home home) {
        Path file = home.stateFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new ClusterState(p));
    }

    /** The state of the cluster running in {@code home}, or a clear error telling how to start one. */
    static ClusterState requireRunning(Home home) {
        Optional<ClusterState> state = read(home).filter(ClusterState::supervisorAlive);
        if (state.isEmpty()) {
            throw new GamepipeException("gamepipe is not running (data directory " + home.dir() + ").\n"
                    + "Start it first: ./gamepipe up -d");
        }
        if (!state.get().isRunning()) {
            throw new GamepipeException("gamepipe is still starting (supervisor pid " + state.get().supervisorPid()
                    + "); try again in a few seconds, or see ./gamepipe logs supervisor");
        }
        return state.get();
    }

    void write(Home home) {
        Path file = home.stateFile();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp)) {
            properties.store(out, "written by the gamepipe supervisor; removed when it stops");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Home home) {
        try {
            Files.deleteIfExists(home.stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void markRunning() {
        properties.setProperty("status", RUNNING);
    }

    boolean isRunning() {
        return RUNNING.equals(properties.getProperty("status"));
    }

    void recordComponent(Component component, long pid) {
        properties.setProperty(component.id() + ".pid", Long.toString(pid));
    }

    /** How a component is doing: whether it is up, restarting or down for good, its restarts and its last exit. */
    record Health(Phase phase, int restarts, String lastExit, String detail) {

        /** Where a component is in its life under the supervisor. */
        enum Phase {
            /** Ready and serving. */
            RUNNING,
            /** Exited; waiting out its back-off, or starting again. */
            RESTARTING,
            /** Exited more often than the restart limit allows: stays down until the next up. */
            DOWN;

            String id() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        static final Health STARTED = new Health(Phase.RUNNING, 0, "", "");
    }

    void recordHealth(Component component, Health health) {
        String prefix = component.id() + ".";
        properties.setProperty(prefix + "phase", health.phase().id());
        properties.setProperty(prefix + "restarts", Integer.toString(health.restarts()));
        properties.setProperty(prefix + "last-exit", health.lastExit());
        properties.setProperty(prefix + "detail", health.detail());
    }

    /** The component's health as recorded (a component of an older state file counts as running). */
    Health health(Component component) {
        String prefix = component.id() + ".";
        String phase = properties.getProperty(prefix + "phase", Health.Phase.RUNNING.id());
        return new Health(Health.Phase.valueOf(phase.toUpperCase(java.util.Locale.ROOT)),
                Integer.parseInt(properties.getProperty(prefix + "restarts", "0")),
                properties.getProperty(prefix + "last-exit", ""), properties.getProperty(prefix + "detail", ""));
    }

    long supervisorPid() {
        return Long.parseLong(properties.getProperty("supervisor.pid", "-1"));
    }

    boolean supervisorAlive() {
        return isGamepipeProcess(supervisorPid());
    }

    /** Each recorded component with its pid, in start order. */
    Map<Component, Long> componentPids() {
        Map<Component, Long> pids = new LinkedHashMap<>();
        for (Component component : Component.values()) {
            pid(component).ifPresent(pid -> pids.put(component, pid));
        }
        return pids;
    }

    OptionalLong pid(Component component) {
        String pid = properties.getProperty(component.id() + ".pid");
        return pid == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(pid));
    }

    String get(String key) {
        return properties.getProperty(key);
    }

    String bootstrapServers() {
        return properties.getProperty("kafka.bootstrap");
    }

    String topic() {
        return properties.getProperty("topic", Supervisor.TOPIC);
    }

    String hdfsUri() {
        return properties.getProperty("hdfs.uri");
    }

    /**
     * Whether {@code pid} is alive and one of ours: a recycled pid of an unrelated program is not.
     * Every JVM we start carries {@code -Dgamepipe...} among its first arguments, since Linux may
     * cut a long command line (the class path) before the main class.
     */
    static boolean isGamepipeProcess(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(handle -> handle.info().commandLine().map(line -> line.contains("-Dgamepipe")).orElse(true))
                .orElse(false);
    }
}
