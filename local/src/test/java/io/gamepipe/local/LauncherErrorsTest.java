package io.gamepipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each mistake a user can make, and a component dying: one clear message and a non-zero exit. */
class LauncherErrorsTest {

    @TempDir
    Path temp;

    Launcher launcher;

    @BeforeEach
    void freshHome() {
        launcher = new Launcher(temp.resolve("home"));
    }

    @AfterEach
    void stopAnything() {
        launcher.run("down");
    }

    @Test
    void submitWithNothingRunningSaysHowToStart() {
        Launcher.Result result = launcher.run("submit", "extract");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("gamepipe is not running").contains("./gamepipe up -d");
    }

    @Test
    void commandsThatNeedTheClusterRefuseWhenItIsDown() {
        for (List<String> args : List.of(List.of("fs", "-ls", "/tmp"), List.of("events", "--from-beginning"))) {
            Launcher.Result result = launcher.run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(result.stderr()).as(String.join(" ", args)).contains("gamepipe is not running");
        }
        Launcher.Result status = launcher.run("status");
        assertThat(status.exitCode()).isEqualTo(StatusCommand.NOT_RUNNING);
        assertThat(status.stdout()).contains("not running");
        Launcher.Result down = launcher.run("down");
        assertThat(down.exitCode()).isZero();
        assertThat(down.stdout()).contains("nothing to stop");
    }

    @Test
    void unknownJobListsTheJobs() {
        Launcher.Result result = launcher.run("submit", "explode");

        assertThat(result.exitCode()).isEqualTo(GamepipeException.USAGE);
        assertThat(result.stderr()).contains("unknown job 'explode'").contains("extract, transform, separate, land");
    }

    @Test
    void unknownComponentAndModeAreUsageErrors() {
        Launcher.Result logs = launcher.run("logs", "yarn");
        assertThat(logs.exitCode()).isEqualTo(GamepipeException.USAGE);
        assertThat(logs.stderr()).contains("unknown component 'yarn'").contains("zookeeper, kafka, hdfs, api");

        Launcher.Result mode = launcher.run("up", "--kafka-mode", "raft");
        assertThat(mode.exitCode()).isEqualTo(GamepipeException.USAGE);
        assertThat(mode.stderr()).contains("expected kraft or zookeeper");
    }

    @Test
    void takenPortNamesThePortAndHowToChangeIt() throws IOException {
        try (ServerSocket squatter = new ServerSocket(launcher.port("HDFS"))) {
            Launcher.Result result = launcher.run("up", "-d", "--no-api");

            int port = squatter.getLocalPort();
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr())
                    .contains("port " + port + " (HDFS NameNode) is already in use")
                    .contains("--hdfs-port PORT")
                    .contains("GAMEPIPE_HDFS_PORT=PORT");
        }
        assertThat(launcher.home.resolve("state.properties")).doesNotExist();
    }

    @Test
    void sameDataDirectoryCannotBeUpTwiceAndDyingComponentStopsTheRest() throws Exception {
        // A foreground up in ZooKeeper mode, as the original ran: ZooKeeper, then Kafka on it, and HDFS.
        Launcher.Running up = launcher.start("up", "--no-api", "--kafka-mode", "zookeeper");
        up.awaitOutput("Press Ctrl-C");
        assertThat(up.output()).contains("ZooKeeper ready at localhost:" + launcher.port("ZOOKEEPER"))
                .contains("Kafka ready at localhost:" + launcher.port("KAFKA"))
                .contains("HDFS ready at hdfs://localhost:" + launcher.port("HDFS"))
                .contains("Press Ctrl-C");
        List<Long> pids = launcher.recordedPids();
        assertThat(pids).hasSize(4).allMatch(Launcher::alive);

        Launcher.Result second = launcher.run("up", "-d", "--no-api", "--kafka-mode", "zookeeper");
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.stderr()).contains("already running").contains("./gamepipe down");

        long kafkaPid = ClusterState.read(new Home(launcher.home)).orElseThrow().pid(Component.KAFKA).orElseThrow();
        ProcessHandle.of(kafkaPid).orElseThrow().destroyForcibly();

        Launcher.Result stopped = up.await();
        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(stopped.stdout()).contains("Kafka (kafka, pid " + kafkaPid + ") stopped unexpectedly")
                .contains(launcher.home.resolve("logs/kafka.log").toString())
                .contains("stopped ZooKeeper").contains("stopped HDFS");
        assertThat(pids).noneMatch(Launcher::alive);
        Launcher.Result status = launcher.run("status");
        assertThat(status.exitCode()).isEqualTo(StatusCommand.NOT_RUNNING);
        assertThat(status.stdout()).contains("Kafka (kafka, pid " + kafkaPid + ") stopped unexpectedly");
    }

    @Test
    void foregroundUpStopsEverythingWhenItIsStopped() throws Exception {
        Launcher.Running up = launcher.start("up", "--no-api");
        up.awaitOutput("Press Ctrl-C");
        List<Long> pids = launcher.recordedPids();
        assertThat(pids).hasSize(3).allMatch(Launcher::alive);

        up.process().destroy(); // SIGTERM: the same shutdown path as Ctrl-C

        Launcher.Result stopped = up.await();
        assertThat(stopped.stdout()).contains("stopped Kafka").contains("stopped HDFS");
        assertThat(pids).noneMatch(Launcher::alive);
        assertThat(launcher.home.resolve("state.properties")).doesNotExist();
    }

    @Test
    void componentThatCannotStartIsNamedWithItsLogAndTheOthersStop() {
        // A heap too small for any JVM: Kafka's JVM exits at once.
        Launcher.Result result = launcher.run("up", "-d", "--no-api", "--kafka-memory", "1k");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.all()).contains("Kafka (kafka) exited during startup")
                .contains(launcher.home.resolve("logs/kafka.log").toString())
                .contains("gamepipe did not start");
        assertThat(launcher.home.resolve("state.properties")).doesNotExist();
        assertThat(launcher.run("status").stdout()).contains("exited during startup");
    }
}
