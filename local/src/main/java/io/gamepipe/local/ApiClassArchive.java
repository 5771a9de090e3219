package io.gamepipe.local;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The game API started from its extracted jar with a class-data sharing archive (Spring Boot's CDS
 * support): the JVM maps the classes a start loads instead of reading and verifying them again.
 *
 * <p>The archive is a build product next to the jar ({@code game-api/target/cds/}), made the first
 * time the API starts after a build: the jar extracted ({@code -Djarmode=tools extract}), then a
 * training run with the API's JVM flags that exits once the Spring context is refreshed. A stamp
 * records the jar (size, modification time), those flags and the JVM that made the archive; any
 * difference makes a new one, so an archive of another build or another JVM is never used.
 */
final class ApiClassArchive {

    private static final long TRAINING_TIMEOUT_MINUTES = 5;

    private final Path jar;
    private final Path dir;
    private final String java;
    /** The JVM flags of the API's runs: the training run loads the classes such a run loads (Spring's AOT context or not). */
    private final List<String> jvmFlags;

    ApiClassArchive(Path jar, String java) {
        this(jar, java, List.of());
    }

    ApiClassArchive(Path jar, String java, List<String> jvmFlags) {
        this.jar = jar.toAbsolutePath().normalize();
        this.dir = this.jar.resolveSibling("cds");
        this.java = java;
        this.jvmFlags = List.copyOf(jvmFlags);
    }

    Path extractedJar() {
        return dir.resolve("app").resolve(jar.getFileName());
    }

    Path archive() {
        return dir.resolve("game-api.jsa");
    }

    private Path stampFile() {
        return dir.resolve("stamp");
    }

    /** What the archive was made from: this jar, with these flags, on this JVM. */
    String expectedStamp() {
        return ClassArchiveStamp.of(jar, jvmFlags.isEmpty() ? "" : "flags=" + String.join(" ", jvmFlags) + "\n");
    }

    /** Whether the archive exists and was made from the current jar by this JVM. */
    boolean isCurrent() {
        return Files.isRegularFile(extractedJar()) && ClassArchiveStamp.matches(archive(), stampFile(), this::expectedStamp);
    }

    /**
     * The java arguments that start the API with the archive, after making it when missing or
     * stale. {@code trainingArguments} are passed to the training run (it starts the application
     * context, so it needs a reachable Kafka to take the path a real start takes).
     */
    List<String> prepare(PrintStream out, List<String> trainingArguments) {
        if (!isCurrent()) {
            // One archive per build even when two starts race for it (the archive records absolute paths).
            try {
                Files.createDirectories(dir.getParent());
                try (FileChannel channel = FileChannel.open(dir.resolveSibling("cds.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    if (!isCurrent()) {
                        create(out, trainingArguments);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the game API's class-data archive in " + dir, e);
            }
        }
        return List.of("-XX:SharedArchiveFile=" + archive(), "-jar", extractedJar().toString());
    }

    private void create(PrintStream out, List<String> trainingArguments) throws IOException {
        long started = System.nanoTime();
        out.println("  preparing the game API's class-data archive (once per build of game-api, in " + dir + ")");
        out.flush();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Path log = dir.resolve("training.log");
        run(List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", dir.resolve("app").toString()),
                log, "extracting " + jar);
        List<String> training = new ArrayList<>(List.of(java));
        training.addAll(jvmFlags);
        training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive(), "-Dspring.context.exit=onRefresh",
                "-jar", extractedJar().toString()));
        training.addAll(trainingArguments);
        run(training, log, "the training run");
        if (!Files.isRegularFile(archive())) {
            throw new GamepipeException("the game API's training run wrote no class-data archive (" + archive()
                    + ").\nIts log: " + log + "\n--- last lines ---\n" + LogTail.lastLines(log, 15));
        }
        Files.writeString(stampFile(), expectedStamp());
        out.printf("  class-data archive ready (%.1f s)%n", (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    private static void run(List<String> command, Path log, String what) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            if (!process.waitFor(TRAINING_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new GamepipeException(what + " for the game API's class-data archive did not finish within "
                        + TRAINING_TIMEOUT_MINUTES + " minutes.\nIts log: " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GamepipeException("interrupted while preparing the game API's class-data archive");
        }
        if (process.exitValue() != 0) {
            throw new GamepipeException(what + " for the game API's class-data archive failed with exit code "
                    + process.exitValue() + ".\nIts log: " + log + "\n--- last lines ---\n" + LogTail.lastLines(log, 15));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
