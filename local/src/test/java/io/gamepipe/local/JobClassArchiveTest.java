package io.gamepipe.local;

import static org.assertj.core.api.Assertions.assertThat;

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
 * When the Spark jobs' class-data archive is used, made and kept. The real dump and use by the job
 * JVMs are exercised by every test that submits a job through the launcher.
 */
class JobClassArchiveTest {

    @TempDir
    Path target;

    private JobClassArchive archiveOfABuild() throws IOException {
        Path jar = Files.writeString(target.resolve("spark-app.jar"), "a build");
        Path lib = Files.createDirectories(target.resolve("lib"));
        Files.writeString(lib.resolve("spark-core.jar"), "spark");
        return new JobClassArchive(jar, lib);
    }

    @Test
    void theFirstRunWritesTheArchiveAndItIsKeptOnlyWhenTheRunSucceeds() throws IOException {
        JobClassArchive archive = archiveOfABuild();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        JobClassArchive.Use failed = archive.nextRun(new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertThat(failed.jvmFlags()).hasSize(2).first().asString().startsWith("-XX:ArchiveClassesAtExit=" + target.resolve("cds"));
        assertThat(failed.jvmFlags().get(1)).as("the dump's warnings stay off the terminal").isEqualTo("-Xlog:cds=off,cds+dynamic=off");
        Path pending = Path.of(failed.jvmFlags().get(0).substring("-XX:ArchiveClassesAtExit=".length()));
        Files.writeString(pending, "what a failed run dumped");
        failed.finished(1);
        assertThat(archive.isCurrent()).as("a failed run's archive is not kept").isFalse();
        assertThat(pending).doesNotExist();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("saves the classes it loads");

        JobClassArchive.Use succeeded = archive.nextRun(new PrintStream(new ByteArrayOutputStream()));
        Files.writeString(pending, "what a successful run dumped");
        succeeded.finished(0);
        assertThat(archive.isCurrent()).isTrue();
        assertThat(archive.archive()).hasContent("what a successful run dumped");

        assertThat(archive.nextRun(new PrintStream(new ByteArrayOutputStream())).jvmFlags())
                .containsExactly("-XX:SharedArchiveFile=" + target.resolve("cds/spark-jobs.jsa"));
    }

    @Test
    void aRunThatWroteNoArchiveLeavesNone() throws IOException {
        JobClassArchive archive = archiveOfABuild();
        archive.nextRun(new PrintStream(new ByteArrayOutputStream())).finished(0);
        assertThat(archive.isCurrent()).isFalse();
    }

    @Test
    void anArchiveIsCurrentOnlyForTheJarLibrariesAndJvmItWasMadeFrom() throws IOException {
        JobClassArchive archive = archiveOfABuild();
        made(archive, archive.expectedStamp());
        assertThat(archive.isCurrent()).isTrue();

        Path jar = target.resolve("spark-app.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertThat(archive.isCurrent()).as("the jar was rebuilt").isFalse();

        made(archive, archive.expectedStamp());
        Files.writeString(target.resolve("lib/kafka-clients.jar"), "a new dependency");
        assertThat(archive.isCurrent()).as("a library was added").isFalse();

        made(archive, archive.expectedStamp().replace(System.getProperty("java.vm.version"), "another-jvm"));
        assertThat(archive.isCurrent()).as("made by another JVM").isFalse();
    }

    @Test
    void noArchiveForAJvmWithJfrOrAnAgent() {
        assertThat(JobClassArchive.hooksClassLoading(List.of("-XX:StartFlightRecording=filename=x.jfr"))).isTrue();
        assertThat(JobClassArchive.hooksClassLoading(List.of("-javaagent:/x.jar"))).isTrue();
        assertThat(JobClassArchive.hooksClassLoading(List.of("-agentpath:/libasyncProfiler.so"))).isTrue();
        assertThat(JobClassArchive.hooksClassLoading(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))).isFalse();
    }

    private static void made(JobClassArchive archive, String stamp) throws IOException {
        Files.createDirectories(archive.archive().getParent());
        Files.writeString(archive.archive(), "archive");
        Files.writeString(archive.archive().resolveSibling("stamp"), stamp);
    }
}
