package io.gamepipe.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Where things are: the repository root (whose modules hold the built artifacts), the Java binary
 * and class path of this JVM (reused for the component JVMs), and the build facts filtered in from
 * the root pom.
 */
final class Layout {

    private static final Properties BUILD = loadBuildProperties();

    private final Path root;

    Layout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The root from {@code -Dgamepipe.root} (set by ./gamepipe), {@code GAMEPIPE_ROOT}, or the nearest checkout above the working directory. */
    static Layout detect() {
        String explicit = System.getProperty("gamepipe.root", System.getenv("GAMEPIPE_ROOT"));
        if (explicit != null && !explicit.isBlank()) {
            return new Layout(Path.of(explicit));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("gamepipe")) && Files.isDirectory(dir.resolve("local"))) {
                return new Layout(dir);
            }
        }
        return new Layout(Path.of(""));
    }

    Path root() {
        return root;
    }

    Path defaultHome() {
        return root.resolve(".gamepipe");
    }

    Path gameApiJar() {
        return root.resolve("game-api/target/game-api.jar");
    }

    Path sparkAppJar() {
        return root.resolve("spark-app/target/spark-app.jar");
    }

    Path sparkAppLib() {
        return root.resolve("spark-app/target/lib");
    }

    /** Fails with the command that builds the artifact when it is missing. */
    Path require(Path artifact, String module) {
        if (!Files.isRegularFile(artifact)) {
            throw new GamepipeException(module + " is not built: " + artifact + " is missing.\n"
                    + "Build it with: mvn -B -q -pl " + module + " -am package -DskipTests (./gamepipe does this for you)");
        }
        return artifact;
    }

    /** The Java binary running this JVM: every child JVM uses the same one. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(command -> command.endsWith("java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** This JVM's class path: it holds the embedded services, so the component JVMs reuse it. */
    static String ownClassPath() {
        return System.getProperty("java.class.path");
    }

    /** The JVM flags Spark needs on Java 17, exactly as the root pom's {@code java17.opens}. */
    static List<String> java17Opens() {
        return Arrays.stream(BUILD.getProperty("java17.opens", "").trim().split("\\s+"))
                .filter(flag -> !flag.isEmpty())
                .toList();
    }

    static String version() {
        return BUILD.getProperty("version", "unknown");
    }

    private static Properties loadBuildProperties() {
        Properties properties = new Properties();
        try (InputStream in = Layout.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
