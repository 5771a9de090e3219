package io.gamepipe.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A class-data sharing archive for the Spark jobs' JVMs: a run maps the ~15,000 classes of Spark,
 * Hadoop, Kafka and Parquet that a job loads instead of reading and verifying them from their jars
 * again (a land run of 10,000 events: Spark ready 1.4 s after JVM start instead of 2.4 s, 3 s less
 * CPU).
 *
 * <p>The archive is a build product next to the jar ({@code spark-app/target/cds/}), made by the
 * first job run after a build ({@code -XX:ArchiveClassesAtExit}: the JVM writes the classes it
 * loaded when it exits, which makes that one run a few seconds longer). It is kept only when that
 * run succeeds, under a name of its own until then, so two runs at once never share a half-written
 * file. As with the API's archive ({@link ApiClassArchive}), a stamp records the jar, the library
 * folder and the JVM; any difference makes a new one (the JVM would refuse a stale archive anyway,
 * with a warning). Left out when the job's JVM gets a profiling agent or JFR: HotSpot 17 may crash
 * when either hooks class loading of archived classes.
 */
final class JobClassArchive {

    private final Path jar;
    private final Path lib;
    private final Path dir;

    JobClassArchive(Path jar, Path lib) {
        this.jar = jar.toAbsolutePath().normalize();
        this.lib = lib.toAbsolutePath().normalize();
        this.dir = this.jar.resolveSibling("cds");
    }

    Path archive() {
        return dir.resolve("spark-jobs.jsa");
    }

    private Path stampFile() {
        return dir.resolve("stamp");
    }

    /** What the archive is made from: the job jar, every library jar (name and size), this JVM. */
    String expectedStamp() {
        Map<String, Long> jars = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(lib, "*.jar")) {
            for (Path file : files) {
                jars.put(file.getFileName().toString(), Files.size(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + lib, e);
        }
        return ClassArchiveStamp.of(jar, "lib=" + lib + " " + jars + "\n");
    }

    /** Whether the archive exists and was made from the current build by this JVM. */
    boolean isCurrent() {
        return ClassArchiveStamp.matches(archive(), stampFile(), this::expectedStamp);
    }

    /** Whether the JVM flags ask for something that hooks class loading, with which HotSpot 17 may crash on archived classes. */
    static boolean hooksClassLoading(List<String> jvmFlags) {
        return jvmFlags.stream().anyMatch(flag -> flag.contains("FlightRecord") || flag.startsWith("-javaagent")
                || flag.startsWith("-agentlib") || flag.startsWith("-agentpath"));
    }

    /** One run of a job: the JVM flags it gets, and what to do once it exited. */
    interface Use {

        List<String> jvmFlags();

        /** Called with the run's exit code once it ended. */
        void finished(int exitCode);
    }

    /**
     * The flags of the next run: the archive when it is current; otherwise the flag that makes
     * this run write one, which {@link Use#finished} keeps if the run succeeds.
     */
    Use nextRun(PrintStream out) {
        if (isCurrent()) {
            return new Use() {
                @Override
                public List<String> jvmFlags() {
                    return List.of("-XX:SharedArchiveFile=" + archive());
                }

                @Override
                public void finished(int exitCode) {
                }
            };
        }
        Path pending = dir.resolve("spark-jobs." + ProcessHandle.current().pid() + ".jsa");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(pending);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + " for the jobs' class-data archive", e);
        }
        out.println("==> this run also saves the classes it loads (" + archive()
                + "), once per build: later runs start faster");
        out.flush();
        return new Use() {
            @Override
            public List<String> jvmFlags() {
                // The dump warns once per class it leaves out (Janino's signed jar, old class files): a hundred
                // lines on the user's terminal that say nothing about their job.
                return List.of("-XX:ArchiveClassesAtExit=" + pending, "-Xlog:cds=off,cds+dynamic=off");
            }

            @Override
            public void finished(int exitCode) {
                try {
                    if (exitCode == 0 && Files.isRegularFile(pending)) {
                        Files.move(pending, archive(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        Files.writeString(stampFile(), expectedStamp());
                    }
                    Files.deleteIfExists(pending);
                } catch (IOException e) {
                    // The next run makes one again.
                    out.println("==> the class-data archive was not kept: " + e.getMessage());
                }
            }
        };
    }
}
