package io.gamepipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each mistake a user can make: one clear message and a non-zero exit. */
class LauncherErrorsTest extends FreshHomeTest {

    @Test
    void submitWithNothingRunningSaysHowToStart() {
        Launcher.Result result = launcher.run("submit", "extract");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("gamepipe is not running").contains("./gamepipe up -d");
    }

    @Test
    void commandsThatNeedTheClusterRefuseWhenItIsDown() {
        for (List<String> args : List.of(List.of("fs", "-ls", "/tmp"), List.of("events", "--from-beginning"),
                List.of("sql", "SELECT 1"))) {
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
    void sqlRefusesAnUnknownFormatBeforeStartingAnything() {
        Launcher.Result result = launcher.run("sql", "--format", "xml", "SELECT 1");

        assertThat(result.exitCode()).isEqualTo(GamepipeException.USAGE);
        assertThat(result.stderr()).contains("--format").contains("xml").contains("table, csv, json");
    }

    @Test
    void aWarmUpThatIsNoDurationOrTooLongIsAUsageError() {
        for (String warmUp : List.of("soon", "11m", "30 s")) {
            Launcher.Result result = launcher.run("up", "--api-warm-up", warmUp);

            assertThat(result.exitCode()).as(warmUp).isEqualTo(GamepipeException.USAGE);
            assertThat(result.stderr()).as(warmUp).contains("--api-warm-up").contains("'" + warmUp + "'");
        }
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
    void badRestartOptionsAreUsageErrors() {
        Map<List<String>, String> cases = Map.of(
                List.of("--restart-limit", "-1"), "--restart-limit must be 0 or more, got -1",
                List.of("--restart-window", "0"), "--restart-window must be at least 1 second, got 0",
                List.of("--restart-backoff", "-2"), "--restart-backoff must be 0 or more seconds, got -2",
                List.of("--restart-backoff", "10", "--restart-backoff-max", "5"), "--restart-backoff-max (5) must not be less than --restart-backoff (10)",
                List.of("--start-timeout", "0"), "--start-timeout must be at least 1 second, got 0",
                List.of("--restart-limit", "many"), "Invalid value for option '--restart-limit': 'many' is not an int");
        cases.forEach((args, message) -> {
            List<String> command = new java.util.ArrayList<>(List.of("up", "-d", "--no-api"));
            command.addAll(args);
            Launcher.Result result = launcher.run(command.toArray(String[]::new));
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(GamepipeException.USAGE);
            assertThat(result.stderr()).as(String.join(" ", args)).contains(message);
        });
        launcher.environment.put("GAMEPIPE_RESTART_LIMIT", "-3");
        Launcher.Result fromEnvironment = launcher.run("up", "-d", "--no-api");
        assertThat(fromEnvironment.exitCode()).isEqualTo(GamepipeException.USAGE);
        assertThat(fromEnvironment.stderr()).contains("--restart-limit must be 0 or more, got -3");
        assertThat(launcher.home.resolve("state.properties")).doesNotExist();
        assertThat(launcher.ok("up", "--help")).contains("--restart-limit=N").contains("GAMEPIPE_RESTART_BACKOFF_MAX");
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
