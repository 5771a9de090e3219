package io.gamepipe.local;

import io.gamepipe.events.EventTopic;
import io.gamepipe.local.ClusterState.Health;
import io.gamepipe.local.ClusterState.Health.Phase;
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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Starts each component as a child JVM (own log file, own session so that Ctrl-C reaches only the
 * supervisor, which then stops them in order), waits until each is ready, records pids, endpoints
 * and each component's health in the state file, and watches them: one that exits is started
 * again after a back-off, on the same ports and data, as its {@link RestartPolicy} allows, while
 * the others keep running; past the policy's limit it stays down, and the state file says why.
 */
final class Supervisor {

    static final String TOPIC = EventTopic.DEFAULT_NAME;
    private static final String SETSID = "/usr/bin/setsid";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** How long a Kafka restart in ZooKeeper mode waits for the dead broker's session to end (Kafka's session timeout is 18 s). */
    private static final Duration BROKER_SESSION_WAIT = Duration.ofSeconds(60);
    /**
     * The game API's image runs with the same (game-api/pom.xml, Jib): four JIT compiler threads
     * (three C2) instead of two on 2 cores, so the request path is compiled during the API's
     * warm-up rather than after readiness; and Spring's ahead-of-time processed context (generated
     * at build time, in the jar), which starts about a second sooner (docs/game-api.md, Performance).
     */
    static final List<String> API_JVM_FLAGS = List.of("-XX:CICompilerCount=4", "-Dspring.aot.enabled=true");

    private static final String COMPONENT_LOGGING = "-Dlog4j2.configurationFile=gamepipe-component-log4j2.properties";

    private final Home home;
    private final Layout layout;
    private final ClusterOptions options;
    private final PrintStream out;
    private final RestartPolicy policy;
    private final Map<Component, Process> processes = new LinkedHashMap<>();
    private final Map<Component, RestartPolicy.Tracker> trackers = new EnumMap<>(Component.class);
    private final Set<Component> recovering = EnumSet.noneOf(Component.class);
    private final ExecutorService recoveries = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "gamepipe-restart");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ApiClassArchive apiArchive;
    private ClusterState state;
    private volatile boolean stopping;
    private volatile String abortReason;

    Supervisor(Home home, Layout layout, ClusterOptions options, PrintStream out) {
        this.home = home;
        this.layout = layout;
        this.options = options;
        this.out = out;
        this.policy = options.restartPolicy();
        this.apiArchive = new ApiClassArchive(layout.gameApiJar(), Layout.javaBinary(), API_JVM_FLAGS);
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
        options.restartPolicy(); // a bad value is a usage error before anything happens
        options.checkApiWarmUp();
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
        Thread watcher = new Thread(this::watch, "gamepipe-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    ClusterState state() {
        return state;
    }

    /**
     * Blocks until {@link #stop()} is called. Returns 0, or 1 when a component had exited more
     * often than the restart policy allows and stayed down.
     */
    int watchUntilStopped() {
        while (!stopping) {
            sleep(500);
        }
        return exitCode();
    }

    /** 1 when a component stays down for good, else 0. */
    synchronized int exitCode() {
        if (state == null) {
            return 0;
        }
        return options.components().stream().anyMatch(component -> state.health(component).phase() == Phase.DOWN)
                ? GamepipeException.FAILURE : 0;
    }

    /** Polls the components: one that exited (and is not being restarted already) goes to {@link #recover}. */
    private void watch() {
        while (!stopping) {
            synchronized (this) {
                for (Map.Entry<Component, Process> entry : new LinkedHashMap<>(processes).entrySet()) {
                    Component component = entry.getKey();
                    if (!entry.getValue().isAlive() && !stopping && recovering.add(component)) {
                        processes.remove(component);
                        Process dead = entry.getValue();
                        recoveries.execute(() -> recover(component, dead));
                    }
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Starts a component that exited again, on the same ports and data: after its back-off, once
     * what it depends on runs, and again after each failed start, until it is ready or the restart
     * policy gives it up. The other components are not touched.
     */
    private void recover(Component component, Process dead) {
        long exitedNanos = System.nanoTime();
        Instant exitedAt = Instant.now();
        String reason = describeExit(dead.exitValue());
        out.println();
        out.println("WARN " + component.title() + " (" + component.id() + ", pid " + dead.pid() + ") exited unexpectedly: " + reason
                + ". Its log: " + home.log(component.id()));
        out.flush();
        try {
            while (!stopping) {
                String lastExit = reason + " at " + exitedAt.truncatedTo(ChronoUnit.SECONDS);
                RestartPolicy.Decision decision;
                int restarts;
                synchronized (this) {
                    RestartPolicy.Tracker tracker = trackers.get(component);
                    decision = tracker.onExit(exitedAt);
                    restarts = tracker.restarts();
                }
                if (!decision.restart()) {
                    giveUp(component, restarts, lastExit, decision);
                    return;
                }
                long delay = decision.delay().toSeconds();
                record(component, new Health(Phase.RESTARTING, restarts, lastExit,
                        "restart " + restarts + " after a " + delay + " s back-off"));
                out.printf("  restarting %s in %d s (restart %d; %d of at most %d within %d s)%n", component.title(), delay,
                        restarts, decision.restartsInWindow(), policy.limit(), policy.window().toSeconds());
                out.flush();
                appendToLog(component, "===== gamepipe: " + component.id() + " exited (" + lastExit + "); restart " + restarts
                        + " after a " + delay + " s back-off; the new run's log follows =====");
                pause(decision.delay().toMillis());
                awaitDependencies(component, restarts, lastExit);
                if (stopping) {
                    return;
                }
                Optional<String> taken = PortCheck.firstTaken(options.ports(component));
                if (taken.isPresent()) {
                    reason = "not started: " + taken.get().lines().findFirst().orElse("").replaceAll("\\.$", "");
                    out.println("WARN " + component.title() + " cannot start again: " + taken.get().replace("\n", " "));
                    appendToLog(component, "===== gamepipe: not started: " + reason + " =====");
                } else {
                    Optional<String> failure = relaunch(component, restarts, lastExit);
                    if (failure.isEmpty()) {
                        out.printf("  %s ready again at %s (restart %d, %.1f s after it exited)%n", component.title(),
                                endpoint(component), restarts, (System.nanoTime() - exitedNanos) / 1e9);
                        out.flush();
                        return;
                    }
                    reason = failure.get();
                    out.println("WARN " + component.title() + " failed to start again: " + reason);
                }
                out.flush();
                exitedAt = Instant.now();
            }
        } catch (GamepipeException e) {
            if (!stopping) {
                out.println("ERROR restarting " + component.title() + ": " + e.getMessage());
            }
        } finally {
            synchronized (this) {
                recovering.remove(component);
            }
        }
    }

    /** Launches the component and waits until it is ready: empty when it is, else why not (the process is gone then). */
    private Optional<String> relaunch(Component component, int restarts, String lastExit) {
        Path log = home.log(component.id());
        LogTail tail = LogTail.fromEnd(log);
        Process process;
        synchronized (this) {
            if (stopping) {
                return Optional.of("stopping");
            }
            process = launch(command(component), environment(component), log);
            processes.put(component, process);
            state.recordComponent(component, process.pid());
            state.recordHealth(component, new Health(Phase.RESTARTING, restarts, lastExit, "starting (restart " + restarts + ")"));
            state.write(home);
        }
        out.println("  starting " + component.title() + " again (pid " + process.pid() + ", log " + log + ")");
        out.flush();
        try {
            awaitReady(component, process, tail);
        } catch (GamepipeException e) {
            if (stopping) {
                return Optional.of("stopping");
            }
            synchronized (this) {
                processes.remove(component);
            }
            String why = process.isAlive() ? "not ready within " + options.startTimeoutSeconds + " s (--start-timeout)"
                    : describeExit(process.exitValue()) + " while starting";
            destroyAndWait(process);
            return Optional.of(why);
        }
        synchronized (this) {
            trackers.get(component).onReady(Instant.now());
            state.recordHealth(component, new Health(Phase.RUNNING, restarts, lastExit, ""));
            state.write(home);
        }
        return Optional.empty();
    }

    /** Past the restart limit: the component stays down, the others keep running, and the state file says why. */
    private void giveUp(Component component, int restarts, String lastExit, RestartPolicy.Decision decision) {
        String why = policy.limit() == 0 ? "restarts are off (--restart-limit 0)"
                : "restarted " + decision.restartsInWindow() + " times within " + policy.window().toSeconds()
                        + " s and failed again (--restart-limit " + policy.limit() + ", --restart-window " + policy.window().toSeconds() + ")";
        String detail = why + "; stays down until the next up (log: " + home.log(component.id()) + ")";
        record(component, new Health(Phase.DOWN, restarts, lastExit, detail));
        appendToLog(component, "===== gamepipe: " + component.id() + " exited (" + lastExit + "); " + why + ": not restarted =====");
        out.println("ERROR " + component.title() + " stays down: " + detail + ". The other components keep running.");
        out.flush();
    }

    /** Waits (without counting it against the component) until what it needs runs again. */
    private void awaitDependencies(Component component, int restarts, String lastExit) {
        List<Component> needs = switch (component) {
            case KAFKA -> options.zooKeeperMode() ? List.of(Component.ZOOKEEPER) : List.of();
            case API -> List.of(Component.KAFKA);
            default -> List.of();
        };
        for (Component dependency : needs) {
            boolean said = false;
            while (!stopping && dependencyPhase(dependency) == Phase.RESTARTING) {
                if (!said) {
                    record(component, new Health(Phase.RESTARTING, restarts, lastExit, "waiting for " + dependency.title()));
                    out.println("  " + component.title() + " waits for " + dependency.title() + " to run again");
                    out.flush();
                    said = true;
                }
                pause(250);
            }
        }
        if (component == Component.KAFKA && options.zooKeeperMode() && !stopping) {
            record(component, new Health(Phase.RESTARTING, restarts, lastExit, "waiting for ZooKeeper to end the dead broker's session"));
            if (!BrokerRegistrations.awaitNone("localhost:" + options.zookeeperPort, BROKER_SESSION_WAIT, () -> stopping)) {
                out.println("  the dead broker is still registered in ZooKeeper after " + BROKER_SESSION_WAIT.toSeconds()
                        + " s: starting Kafka anyway");
            }
        }
    }

    private synchronized Phase dependencyPhase(Component dependency) {
        return state.health(dependency).phase();
    }

    private synchronized void record(Component component, Health health) {
        state.recordHealth(component, health);
        state.write(home);
    }

    /** Sleeps {@code millis}, returning early when the supervisor stops. */
    private void pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!stopping && System.nanoTime() < deadline) {
            sleep(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        }
    }

    private void appendToLog(Component component, String line) {
        try {
            Files.writeString(home.log(component.id()), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            out.println("(could not write to " + home.log(component.id()) + ": " + e.getMessage() + ")");
        }
    }

    private static void destroyAndWait(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An exit status as a user reads it: 137 is the JVM killed by signal 9. */
    static String describeExit(int exitCode) {
        if (exitCode > 128 && exitCode <= 128 + 64) {
            int signal = exitCode - 128;
            String name = switch (signal) {
                case 1 -> "SIGHUP";
                case 2 -> "SIGINT";
                case 3 -> "SIGQUIT";
                case 6 -> "SIGABRT";
                case 9 -> "SIGKILL";
                case 11 -> "SIGSEGV";
                case 15 -> "SIGTERM";
                default -> "signal " + signal;
            };
            return "exit code " + exitCode + " (" + name + ")";
        }
        return "exit code " + exitCode;
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
        recoveries.shutdownNow();
        recordComponentsDown();
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
        if (component == Component.API) {
            apiArchive.prepare(out, apiTrainingArguments()); // before the clock: once per build, not part of a start
        }
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
            trackers.put(component, policy.tracker());
            state.recordComponent(component, process.pid());
            state.recordHealth(component, Health.STARTED);
            state.write(home);
        }
        out.println("  starting " + component.title() + " (pid " + process.pid() + ", log " + log + ")");
        if (component == Component.API && !options.apiWarmUp.matches("0+[a-z]*")) {
            out.println("  the game API runs its routes hot before it reports ready: until its compiler settles, at most "
                    + (options.apiWarmUp.isEmpty() ? "6s" : options.apiWarmUp) + " (--api-warm-up; 0s: none)");
        }
        out.flush();
        awaitReady(component, process, new LogTail(log));
        synchronized (this) {
            trackers.get(component).onReady(Instant.now());
        }
        out.printf("  %s ready at %s (%.1f s)%n", component.title(), endpoint(component),
                (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    private void awaitReady(Component component, Process process, LogTail tail) {
        Path log = tail.file();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.startTimeoutSeconds);
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
                        "--create-topic", TOPIC + ":" + EventTopic.DEFAULT_PARTITIONS));
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
            case API -> {
                command.addAll(API_JVM_FLAGS);
                command.addAll(apiArchive.prepare(out, apiTrainingArguments()));
            }
            default -> throw new IllegalArgumentException(component.toString());
        }
        return command;
    }

    /** The training run starts the context against the real broker, on no port of its own. */
    private List<String> apiTrainingArguments() {
        return List.of("--server.port=0", "--management.server.port=0",
                "--gamepipe.kafka.bootstrap-servers=localhost:" + options.kafkaPort, "--gamepipe.events.topic=" + TOPIC);
    }

    private Map<String, String> environment(Component component) {
        if (component != Component.API) {
            return Map.of();
        }
        Map<String, String> environment = new HashMap<>(Map.of(
                "SERVER_PORT", Integer.toString(options.apiPort),
                "MANAGEMENT_SERVER_PORT", Integer.toString(options.apiManagementPort),
                "KAFKA_BOOTSTRAP_SERVERS", "localhost:" + options.kafkaPort,
                "EVENTS_TOPIC", TOPIC));
        if (!options.apiWarmUp.isEmpty()) {
            environment.put("API_WARM_UP", options.apiWarmUp); // else the API's own default
        }
        return environment;
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

    private void recordFailure(String message) {
        try {
            Files.writeString(home.data("last-failure.txt"), message + "\n");
        } catch (IOException e) {
            out.println("(could not record the failure in " + home.dir() + ": " + e.getMessage() + ")");
        }
    }

    /** A component given up on is still worth telling after down: status shows it as the reason of the last stop. */
    private void recordComponentsDown() {
        if (state == null) {
            return;
        }
        List<String> down = new ArrayList<>();
        synchronized (this) {
            for (Component component : options.components()) {
                Health health = state.health(component);
                if (health.phase() == Phase.DOWN) {
                    down.add(component.title() + " was down (last exit: " + health.lastExit() + "; " + health.detail() + ")");
                }
            }
        }
        if (!down.isEmpty()) {
            recordFailure("when gamepipe was stopped, " + String.join("; ", down));
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
