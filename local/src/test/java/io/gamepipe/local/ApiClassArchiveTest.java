package io.gamepipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the API's class-data archive is used, and when it is made again. The real training run on
 * the real jar is exercised by every test that starts the API through the launcher.
 */
class ApiClassArchiveTest {

    @TempDir
    Path target;

    @Test
    void anArchiveIsCurrentOnlyForTheJarAndJvmItWasMadeFrom() throws IOException {
        Path jar = Files.writeString(target.resolve("game-api.jar"), "a build");
        ApiClassArchive archive = new ApiClassArchive(jar, Layout.javaBinary());
        assertThat(archive.isCurrent()).as("nothing made yet").isFalse();

        madeFor(archive, archive.expectedStamp());
        assertThat(archive.isCurrent()).isTrue();

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertThat(archive.isCurrent()).as("the jar was rebuilt").isFalse();

        madeFor(archive, archive.expectedStamp().replace(System.getProperty("java.vm.version"), "another-jvm"));
        assertThat(archive.isCurrent()).as("made by another JVM").isFalse();

        madeFor(archive, archive.expectedStamp());
        Files.delete(archive.archive());
        assertThat(archive.isCurrent()).as("the archive itself is gone").isFalse();
    }

    @Test
    void theArgumentsStartTheExtractedJarWithTheArchive() throws IOException {
        Path jar = Files.writeString(target.resolve("game-api.jar"), "a build");
        ApiClassArchive archive = new ApiClassArchive(jar, Layout.javaBinary());
        madeFor(archive, archive.expectedStamp());

        List<String> arguments = archive.prepare(new PrintStream(new ByteArrayOutputStream()), List.of());

        assertThat(arguments).containsExactly("-XX:SharedArchiveFile=" + target.resolve("cds/game-api.jsa"),
                "-jar", target.resolve("cds/app/game-api.jar").toString());
    }

    @Test
    void aJarThatCannotBeExtractedIsAClearErrorWithItsLog() throws IOException {
        Path jar = Files.writeString(target.resolve("game-api.jar"), "not a jar");
        ApiClassArchive archive = new ApiClassArchive(jar, Layout.javaBinary());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        assertThatThrownBy(() -> archive.prepare(new PrintStream(progress, true, StandardCharsets.UTF_8), List.of()))
                .isInstanceOf(GamepipeException.class)
                .hasMessageContaining("extracting " + jar)
                .hasMessageContaining("failed with exit code")
                .hasMessageContaining(target.resolve("cds/training.log").toString());
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("preparing the game API's class-data archive");
        assertThat(archive.isCurrent()).isFalse();
    }

    /** Lays out what a training run leaves, with the given stamp. */
    private static void madeFor(ApiClassArchive archive, String stamp) throws IOException {
        Files.createDirectories(archive.extractedJar().getParent());
        Files.writeString(archive.extractedJar(), "extracted");
        Files.writeString(archive.archive(), "archive");
        Files.writeString(archive.archive().resolveSibling("stamp"), stamp);
    }
}
