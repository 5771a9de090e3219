package io.gamepipe.local;

import io.gamepipe.events.JobCompilerFlags;
import io.gamepipe.events.PipelineJob;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one Spark job like {@code spark-submit --master local[*]}: its own JVM with spark-app's
 * class path and the Java 17 flags, pointed at the running Kafka and HDFS; its output goes to the
 * terminal (the tables, the summary).
 */
final class JobRunner {

    private final Layout layout;
    private final Home home;
    private final ClusterState state;
    private final String memory;
    private final List<String> extraJvmFlags;
    private final PrintStream out;

    JobRunner(Layout layout, Home home, ClusterState state, String memory, List<String> extraJvmFlags, PrintStream out) {
        this.layout = layout;
        this.home = home;
        this.state = state;
        this.memory = memory;
        this.extraJvmFlags = List.copyOf(extraJvmFlags);
        this.out = out;
    }

    /** Runs the job to its end and returns its exit status (0 success, 1 failure, 2 bad arguments). */
    int run(PipelineJob job, List<String> jobArgs) {
        out.printf("==> submit %s: %s (local[*], Kafka %s topic %s, %s)%n", job.id(), job.mainClass(),
                state.bootstrapServers(), state.topic(), state.hdfsUri());
        out.flush();
        long started = System.nanoTime();
        int exitCode = runMain(job.mainClass(), job.id(), withClusterDefaults(jobArgs));
        out.printf("==> %s %s in %.1f s (exit code %d)%n", job.id(), exitCode == 0 ? "finished" : "FAILED",
                (System.nanoTime() - started) / 1e9, exitCode);
        out.flush();
        return exitCode;
    }

    /**
     * Runs another main class of spark-app the same way (Spark local[*] on the running HDFS, the terminal's input
     * and output), with exactly {@code args}; returns its exit status.
     */
    int runMain(String mainClass, String appName, List<String> args) {
        layout.require(layout.sparkAppJar(), "spark-app");
        List<String> command = new ArrayList<>();
        command.add(Layout.javaBinary());
        JobClassArchive.Use classArchive = JobClassArchive.hooksClassLoading(extraJvmFlags) ? null
                : new JobClassArchive(layout.sparkAppJar(), layout.sparkAppLib()).nextRun(out);
        command.addAll(jvmFlags(extraJvmFlags, classArchive == null ? List.of() : classArchive.jvmFlags()));
        command.addAll(List.of("-Xmx" + memory,
                "-Dlog4j2.configurationFile=" + loggingConfiguration(),
                "-Dspark.master=local[*]",
                "-Dspark.app.name=" + appName,
                "-Dspark.driver.host=localhost",
                "-Dspark.hadoop.fs.defaultFS=" + state.hdfsUri(),
                "-cp", layout.sparkAppJar() + File.pathSeparator + layout.sparkAppLib() + File.separator + "*",
                mainClass));
        command.addAll(args);
        int exitCode;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            // Spark would otherwise warn that the host name resolves to a loopback address, and pick another.
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            Process process = builder.start();
            exitCode = waitFor(process);
            if (classArchive != null) {
                classArchive.finished(exitCode);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
        return exitCode;
    }

    /**
     * The job JVM's flags before its heap size: Java 17's opens for Spark, the parallel collector
     * (unless the caller chose one: two collectors stop the JVM), C2's late thresholds, the caller's
     * (the last of a flag wins, so theirs override ours), the class-data archive's.
     */
    static List<String> jvmFlags(List<String> extraJvmFlags, List<String> classArchiveFlags) {
        List<String> flags = new ArrayList<>(Layout.java17Opens());
        // Submit does not know the backlog: C2's late thresholds cost a small run nothing and spare a large
        // one C2's work on start-up code; the job still keeps C2 off a small run by itself.
        flags.addAll(JobCompilerFlags.withoutBacklogBefore(extraJvmFlags));
        flags.addAll(extraJvmFlags);
        flags.addAll(classArchiveFlags);
        return flags;
    }

    /** Spark's log settings for the job JVM, written out from this jar (the job's class path does not hold it). */
    private Path loggingConfiguration() {
        Path file = home.data("conf").resolve("spark-log4j2.properties");
        try (InputStream in = JobRunner.class.getResourceAsStream("spark-log4j2.properties")) {
            Files.createDirectories(file.getParent());
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
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
