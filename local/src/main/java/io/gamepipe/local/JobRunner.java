package io.gamepipe.local;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one Spark job like {@code spark-submit --master local[*]}: its own JVM with spark-app's
 * class path and the Java 17 flags, pointed at the running Kafka and HDFS; its output goes to the
 * terminal (the tables, the summary).
 */
final class JobRunner {

    private final Layout layout;
    private final ClusterState state;
    private final String memory;
    private final PrintStream out;

    JobRunner(Layout layout, ClusterState state, String memory, PrintStream out) {
        this.layout = layout;
        this.state = state;
        this.memory = memory;
        this.out = out;
    }

    /** Runs the job to its end and returns its exit status (0 success, 1 failure, 2 bad arguments). */
    int run(Job job, List<String> jobArgs) {
        layout.require(layout.sparkAppJar(), "spark-app");
        List<String> command = new ArrayList<>();
        command.add(Layout.javaBinary());
        command.addAll(Layout.java17Opens());
        command.addAll(List.of("-Xmx" + memory,
                "-Dspark.master=local[*]",
                "-Dspark.app.name=" + job.id(),
                "-Dspark.driver.host=localhost",
                "-Dspark.hadoop.fs.defaultFS=" + state.hdfsUri(),
                "-cp", layout.sparkAppJar() + File.pathSeparator + layout.sparkAppLib() + File.separator + "*",
                job.mainClass()));
        command.addAll(withClusterDefaults(jobArgs));
        out.printf("==> submit %s: %s (local[*], Kafka %s topic %s, %s)%n", job.id(), job.mainClass(),
                state.bootstrapServers(), state.topic(), state.hdfsUri());
        out.flush();
        long started = System.nanoTime();
        int exitCode;
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            exitCode = waitFor(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + job.mainClass(), e);
        }
        out.printf("==> %s %s in %.1f s (exit code %d)%n", job.id(), exitCode == 0 ? "finished" : "FAILED",
                (System.nanoTime() - started) / 1e9, exitCode);
        out.flush();
        return exitCode;
    }

    /** The running cluster's Kafka and topic, unless the user gave their own. */
    private List<String> withClusterDefaults(List<String> jobArgs) {
        List<String> args = new ArrayList<>();
        if (!jobArgs.contains("--bootstrap-servers")) {
            args.addAll(List.of("--bootstrap-servers", state.bootstrapServers()));
        }
        if (!jobArgs.contains("--topic")) {
            args.addAll(List.of("--topic", state.topic()));
        }
        args.addAll(jobArgs);
        return args;
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new GamepipeException("interrupted: the job was stopped");
        }
    }
}
