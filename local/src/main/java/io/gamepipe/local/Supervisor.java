package io.gamepipe.local;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Starts each component as a child JVM (own log file, own session so that Ctrl-C reaches only the
 * supervisor, which then stops them in order), waits until each is ready, records pids and
 * endpoints in the state file, and watches them: if one dies, it says which and stops the rest.
 */
final class Supervisor {

    static final String TOPIC = "events";
    private static final String SETSID = "/usr/bin/setsid";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String COMPONENT_LOGGING = "-Dlog4j2.configurationFile=gamepipe-component-log4j2.properties";

    private final Home home;
    private final Layout layout;
    private final ClusterOptions options;
    private final PrintStream out;
    private final Map<Component, Process> processes = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ClusterState state;
    private volatile boolean stopping;
    private volatile String abortReason;

    Supervisor(Home home, Layout layout, ClusterOptions options, PrintStream out) {
        this.home = home;
        this.layout = layout;
        this.options = options;
        this.out = out;
    }

    /** Refuses to start a second cluster on one data directory, or over processes an earlier run left behind. */
    static void refuseIfRunning(Home home) {
        ClusterState.read(home).ifPresent(previous -> {
            if (previous.supervisorAlive()) {
                throw new GamepipeException("gamepipe is already running in " + home.dir() + " (supervisor pid "
                        + previous.supervisorPid() + ", started " + previous.get("started") + ").\n"
                        + "See it with ./gamepipe status; stop it with ./gamepipe down.");
            }
            List<String> leftovers = new ArrayList<>();
            previous.componentPids().forEach((component, pid) -> {
                if (ClusterState.isGamepipeProcess(pid)) {
                    leftovers.add(component.id() + " (pid " + pid + ")");
                }
            });
            if (!leftovers.isEmpty()) {
                throw new GamepipeException("an earlier gamepipe run left " + String.join(", ", leftovers)
                        + " running without its supervisor.\nStop them with ./gamepipe down, then run up again.");
            }
        });
    }

    /** The checks every start makes before launching anything. */
    static void preflight(Home home, Layout layout, ClusterOptions options) {
        refuseIfRunning(home);
        PortCheck.requireFree(options.ports());
        if (!options.noApi) {
            layout.require(layout.gameApiJar(), "game-api");
        }
    }

    /** Starts every component (Kafka's chain and HDFS in parallel); on any failure stops what started and throws. */
    void start() {
        home.create();
        clearLastFailure();
        state = ClusterState.starting(ProcessHandle.current().pid(), options);
        state.write(home);
        ExecutorService starters = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "gamepipe-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<Void> messaging = CompletableFuture.runAsync(() -> {
                if (options.zooKeeperMode()) {
                    launchAndAwait(Component.ZOOKEEPER);
                }
                launchAndAwait(Component.KAFKA);
                if (!options.noApi) {
                    launchAndAwait(Component.API);
                }
            }, starters).whenComplete((ok, error) -> abortOn(error));
            CompletableFuture<Void> storage = CompletableFuture.runAsync(() -> launchAndAwait(Component.HDFS), starters)
                    .whenComplete((ok, error) -> abortOn(error));
            CompletableFuture.allOf(messaging, storage).join();
        } catch (CompletionException e) {
            stop();
            ClusterState.delete(home);
            Throwable cause = e.getCause();
            if (cause instanceof GamepipeException gamepipe) {
                recordFailure(gamepipe.getMessage());
                throw gamepipe;
            }
            throw new GamepipeException("gamepipe could not start: " + cause);
        } finally {
            starters.shutdownNow();
        }
        synchronized (this) {
            if (stopping) {
                throw new GamepipeException("stopped while starting");
            }
            state.markRunning();
            state.write(home);
        }
    }

    ClusterState state() {
        return state;
    }

    /**
     * Blocks until {@link #stop()} is called (exit status 0) or a component dies: then says which,
     * where its log is, stops the others and returns 1.
     */
    int watchUntilStopped() {
        while (!stopping) {
            for (Map.Entry<Component, Process> entry : snapshot().entrySet()) {
                Process process = entry.getValue();
                if (!process.isAlive() && !stopping) {
                    Component component = entry.getKey();
                    String message = component.title() + " (" + component.id() + ", pid " + process.pid()
                            + ") stopped unexpectedly with exit code " + process.exitValue() + ".\n"
                            + "Its log: " + home.log(component.id()) + "\n"
                            + "Stopping the other components.";
                    out.println();
                    out.println("ERROR " + message);
                    out.flush();
                    recordFailure(message);
                    stop();
                    ClusterState.delete(home);
                    return GamepipeException.FAILURE;
                }
            }
            sleep(500);
        }
        return 0;
    }

    /** Stops every component: the API first, then Kafka and HDFS together, ZooKeeper last. Idempotent. */
    void stop() {
        Map<Component, Process> running;
        synchronized (this) {
            if (stopping && processes.isEmpty()) {
                return;
            }
            stopping = true;
            running = new LinkedHashMap<>(processes);
            processes.clear();
        }
        stopTogether(running, List.of(Component.API));
        stopTogether(running, List.of(Component.KAFKA, Component.HDFS));
        stopTogether(running, List.of(Component.ZOOKEEPER));
    }

    private void stopTogether(Map<Component, Process> running, List<Component> group) {
        List<Component> present = group.stream().filter(running::containsKey).toList();
        present.forEach(component -> running.get(component).destroy());
        for (Component component : present) {
            Process process = running.get(component);
            try {
                if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                    out.println("  " + component.title() + " did not stop within " + STOP_GRACE.toSeconds() + " s: killing it");
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            out.println("  stopped " + component.title());
            out.flush();
        }
    }

    private void launchAndAwait(Component component) {
        long started = System.nanoTime();
        Process process;
        Path log;
        synchronized (this) {
            if (stopping || abortReason != null) {
                throw new GamepipeException("start abandoned: " + (abortReason != null ? abortReason : "stopping"));
            }
            log = home.rotateLog(component.id());
            process = launch(command(component), environment(component), log);
            processes.put(component, process);
            state.recordComponent(component, process.pid());
            state.write(home);
        }
        out.println("  starting " + component.title() + " (pid " + process.pid() + ", log " + log + ")");
        out.flush();
        awaitReady(component, process, log);
        out.printf("  %s ready at %s (%.1f s)%n", component.title(), endpoint(component),
                (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    private void awaitReady(Component component, Process process, Path log) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.startTimeoutSeconds);
        LogTail tail = new LogTail(log);
        while (true) {
            if (abortReason != null || stopping) {
                throw new GamepipeException("start abandoned: " + (abortReason != null ? abortReason : "stopping"));
            }
            if (!process.isAlive()) {
                throw new GamepipeException(component.title() + " (" + component.id() + ") exited during startup with exit code "
                        + process.exitValue() + ".\nIts log: " + log + "\n--- last lines ---\n" + LogTail.lastLines(log, 15));
            }
            boolean ready = component == Component.API
                    ? apiReady()
                    : tail.newLines().stream().anyMatch(line -> line.startsWith("READY "));
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new GamepipeException(component.title() + " did not become ready within " + options.startTimeoutSeconds
                        + " s (--start-timeout).\nIts log: " + log + "\n--- last lines ---\n" + LogTail.lastLines(log, 15));
            }
            sleep(200);
        }
    }

    private boolean apiReady() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(state.get("api.health")))
                    .timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void abortOn(Throwable error) {
        if (error != null && abortReason == null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            abortReason = cause.getMessage() == null ? cause.toString() : cause.getMessage().lines().findFirst().orElse("");
        }
    }

    private List<String> command(Component component) {
        List<String> command = new ArrayList<>(List.of(Layout.javaBinary(), "-Dgamepipe.component=" + component.id(),
                "-Xmx" + memory(component), "-XX:+UseSerialGC"));
        switch (component) {
            case ZOOKEEPER -> command.addAll(List.of(COMPONENT_LOGGING, "-Dzookeeper.admin.enableServer=false",
                    "-cp", Layout.ownClassPath(), "io.gamepipe.embedded.ZooKeeperMain",
                    "--port", Integer.toString(options.zookeeperPort),
                    "--data-dir", home.data("zookeeper").toString()));
            case KAFKA -> {
                command.addAll(List.of(COMPONENT_LOGGING, "-cp", Layout.ownClassPath(), "io.gamepipe.embedded.KafkaMain",
                        "--mode", options.kafkaMode.id(),
                        "--port", Integer.toString(options.kafkaPort),
                        "--controller-port", Integer.toString(options.kafkaControllerPort),
                        // One directory per mode: a KRaft log directory cannot serve a ZooKeeper broker.
                        "--log-dir", home.data("kafka-" + options.kafkaMode.id()).toString(),
                        "--create-topic", TOPIC + ":1"));
                if (options.zooKeeperMode()) {
                    command.addAll(List.of("--zookeeper", "localhost:" + options.zookeeperPort));
                }
            }
            case HDFS -> {
                command.addAll(Layout.java17Opens());
                command.addAll(List.of(COMPONENT_LOGGING, "-cp", Layout.ownClassPath(), "io.gamepipe.embedded.HdfsMain",
                        "--port", Integer.toString(options.hdfsPort),
                        "--http-port", Integer.toString(options.hdfsHttpPort),
                        "--data-dir", home.data("hdfs").toString()));
            }
            case API -> command.addAll(List.of("-jar", layout.gameApiJar().toString()));
            default -> throw new IllegalArgumentException(component.toString());
        }
        return command;
    }

    private Map<String, String> environment(Component component) {
        if (component != Component.API) {
            return Map.of();
        }
        return Map.of(
                "SERVER_PORT", Integer.toString(options.apiPort),
                "MANAGEMENT_SERVER_PORT", Integer.toString(options.apiManagementPort),
                "KAFKA_BOOTSTRAP_SERVERS", "localhost:" + options.kafkaPort,
                "EVENTS_TOPIC", TOPIC);
    }

    private String memory(Component component) {
        return switch (component) {
            case ZOOKEEPER -> options.zookeeperMemory;
            case KAFKA -> options.kafkaMemory;
            case HDFS -> options.hdfsMemory;
            case API -> options.apiMemory;
        };
    }

    private String endpoint(Component component) {
        return switch (component) {
            case ZOOKEEPER -> state.get("zookeeper.connect");
            case KAFKA -> state.bootstrapServers();
            case HDFS -> state.hdfsUri();
            case API -> state.get("api.url");
        };
    }

    /**
     * Starts a JVM in its own session (setsid) with its output appended to {@code log}: the
     * terminal's Ctrl-C reaches only the supervisor, and the child outlives nothing it should not.
     */
    static Process launch(List<String> javaCommand, Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of(SETSID))) {
            command.add(SETSID);
        }
        command.addAll(javaCommand);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private synchronized Map<Component, Process> snapshot() {
        return new LinkedHashMap<>(processes);
    }

    private void recordFailure(String message) {
        try {
            Files.writeString(home.data("last-failure.txt"), message + "\n");
        } catch (IOException e) {
            out.println("(could not record the failure in " + home.dir() + ": " + e.getMessage() + ")");
        }
    }

    private void clearLastFailure() {
        try {
            Files.deleteIfExists(home.data("last-failure.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GamepipeException("interrupted");
        }
    }
}
