package io.gamepipe.local;

import io.gamepipe.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the launcher as a separate process, the way ./gamepipe does (its own JVM, the data
 * directory and every port given by environment variable), on free ports and a temporary home.
 */
final class Launcher {

    /** The repository root: the tests run in local/. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    final Path home;
    final Map<String, String> environment = new HashMap<>();

    Launcher(Path home) {
        this.home = home;
        environment.put("GAMEPIPE_HOME", home.toString());
        // The API's warm-up runs as ./gamepipe up ships it, bounded: these tests wait for readiness, not for speed.
        environment.put("API_WARM_UP", "3s");
        for (String port : List.of("ZOOKEEPER", "KAFKA", "KAFKA_CONTROLLER", "HDFS", "HDFS_HTTP", "API", "API_MANAGEMENT")) {
            environment.put("GAMEPIPE_" + port + "_PORT", Integer.toString(FreePorts.pick()));
        }
    }

    int port(String name) {
        return Integer.parseInt(environment.get("GAMEPIPE_" + name + "_PORT"));
    }

    String apiUrl() {
        return "http://localhost:" + port("API");
    }

    /** What one run printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    /** A launcher process still running (e.g. a foreground up), with its output going to files. */
    record Running(Process process, Path stdout, Path stderr) {
        String output() {
            try {
                return Files.readString(stdout, StandardCharsets.UTF_8) + Files.readString(stderr, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits until the launcher has printed {@code text}, or has ended (a guard against a hang, not a speed check). */
        void awaitOutput(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!output().contains(text) && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }

        /** Waits for the launcher to end (a guard against a hang, not a speed check) and returns what it printed. */
        Result await() {
            try {
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError("gamepipe did not finish:\n" + output());
                }
                return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    Running start(String... args) {
        try {
            Path stdout = Files.createTempFile(home.getParent(), "launcher", ".out");
            Path stderr = Files.createTempFile(home.getParent(), "launcher", ".err");
            // The JVM flags ./gamepipe gives the launcher: C1 only suits its many short commands.
            List<String> command = new ArrayList<>(List.of(Layout.javaBinary(), "-Dgamepipe.root=" + ROOT, "-Xmx256m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    Gamepipe.class.getName()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            return new Running(builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result run(String... args) {
        return start(args).await();
    }

    /** Runs a command that must succeed, and returns its standard output. */
    String ok(String... args) {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("gamepipe " + String.join(" ", args) + " exited with " + result.exitCode()
                    + "\n--- stdout ---\n" + result.stdout() + "\n--- stderr ---\n" + result.stderr());
        }
        return result.stdout();
    }

    /** Every process the state file records (supervisor and components), to check that none outlives down. */
    List<Long> recordedPids() {
        return ClusterState.read(new Home(home)).map(state -> {
            List<Long> pids = new ArrayList<>(state.componentPids().values());
            pids.add(state.supervisorPid());
            return pids;
        }).orElse(List.of());
    }

    /** The pid the state file records for {@code component}. */
    long pid(Component component) {
        return ClusterState.read(new Home(home)).orElseThrow().pid(component).orElseThrow();
    }

    /** Runs {@code status} until its output matches {@code pattern} (a guard against a hang, not a speed check), and returns it. */
    String awaitStatus(String pattern) throws InterruptedException {
        java.util.regex.Pattern wanted = java.util.regex.Pattern.compile(pattern);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            String status = run("status").stdout();
            if (wanted.matcher(status).find()) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("status never showed " + pattern + "; last:\n" + status);
            }
            Thread.sleep(500);
        }
    }

    /** kill -9, and waits until the process is gone. */
    static void killHard(long pid) {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        process.destroyForcibly();
        process.onExit().join();
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
