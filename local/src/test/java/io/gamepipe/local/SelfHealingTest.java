package io.gamepipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The supervisor heals like a cluster: each component killed with -9 comes back on its own, on
 * the same ports and data, while the others keep serving; a component that fails on every start
 * stops after the restart limit. Real processes throughout, as a user runs them.
 */
class SelfHealingTest extends FreshHomeTest {

    private static final String SIGKILL_EXIT = "exit code 137 (SIGKILL)";

    /**
     * ZooKeeper mode (every component there is), one up for all four kills. For each: requests
     * under way and a land job started, then kill -9; the component must come back (READY after
     * the crash in its log, restarts=1, the others' pids unchanged) and the API answer 200 again.
     * At the end one more land: every request answered 200 is landed exactly once, none twice.
     */
    @Test
    void eachComponentKilledUnderLoadComesBackAndNoAcknowledgedEventIsLostOrLandedTwice() throws Exception {
        launcher.ok("up", "-d", "--kafka-mode", "zookeeper");
        Set<String> accepted = new HashSet<>();
        int refused = 0;
        for (Component victim : List.of(Component.KAFKA, Component.ZOOKEEPER, Component.HDFS, Component.API)) {
            Map<Component, Long> before = ClusterState.read(new Home(launcher.home)).orElseThrow().componentPids();
            Load load = Load.start(launcher.apiUrl());
            Launcher.Running land = launcher.start("submit", "land");
            land.awaitOutput("==> submit land");
            load.awaitAcceptedMoreThan(20);

            long pid = before.get(victim);
            Launcher.killHard(pid);

            String status = launcher.awaitStatus(victim.id() + " +pid (?!" + pid + " )\\d+ +alive +restarts=1 ");
            assertThat(status).as(victim + " restarted").contains("last exit: " + SIGKILL_EXIT);
            int acceptedBeforeRecovery = load.acceptedCount();
            load.awaitAcceptedMoreThan(acceptedBeforeRecovery + 20); // the API answers 200 again
            accepted.addAll(load.stop());
            refused += load.refusedCount();

            Map<Component, Long> after = ClusterState.read(new Home(launcher.home)).orElseThrow().componentPids();
            before.keySet().stream().filter(component -> component != victim).forEach(component ->
                    assertThat(after.get(component)).as(component + " untouched when " + victim + " died").isEqualTo(before.get(component)));
            if (victim != Component.API) {
                String log = launcher.ok("logs", victim.id());
                String afterCrash = log.substring(log.indexOf("===== gamepipe: " + victim.id() + " exited (" + SIGKILL_EXIT));
                assertThat(afterCrash).as(victim + " log after the crash").contains("\nREADY ");
                assertThat(log.substring(0, log.length() - afterCrash.length())).as("the crashed run's log is kept").contains("READY ");
            }
            Launcher.Result landed = land.await();
            if (landed.exitCode() != 0) {
                // A job whose Kafka or HDFS went away fails with its one-line error; the next run lands the rest.
                assertThat(landed.all()).as("land during the " + victim + " kill").contains("LandEventsJob FAILED: ");
            }
            System.out.printf("%s killed: land during the kill exited %d; %d requests answered 200 so far, %d not%n",
                    victim.id(), landed.exitCode(), accepted.size(), refused);
        }
        System.out.println(launcher.ok("logs", "supervisor").lines().filter(line -> line.contains("ready again"))
                .collect(Collectors.joining("\n")));

        launcher.ok("submit", "land");
        Map<String, Integer> landed = LandedEvents.eventIdCounts("hdfs://localhost:" + launcher.port("HDFS"), "/tmp/landed_events");
        assertThat(landed.entrySet().stream().filter(entry -> entry.getValue() > 1).toList()).as("events landed twice").isEmpty();
        assertThat(accepted.stream().filter(id -> !landed.containsKey(id)).toList()).as("events answered 200 but not landed").isEmpty();
        assertThat(launcher.ok("status")).containsPattern("zookeeper +pid \\d+ +alive +restarts=1 ")
                .containsPattern("kafka +pid \\d+ +alive +restarts=1 ").containsPattern("hdfs +pid \\d+ +alive +restarts=1 ")
                .containsPattern("api +pid \\d+ +alive +restarts=1 ");
    }

    /**
     * A foreground up with --restart-limit 2: Kafka killed once comes back (KRaft, same port and
     * topic); HDFS killed with its web UI port then taken by another program fails on every
     * start, stays down after two restarts with the reason in status, while Kafka keeps running;
     * the foreground up, stopped, exits 1. Also: a second up on the same data directory is refused.
     */
    @Test
    void componentThatFailsOnEveryStartStaysDownAfterTheLimitAndTheOthersKeepRunning() throws Exception {
        Launcher.Running up = launcher.start("up", "--no-api", "--restart-limit", "2");
        up.awaitOutput("Press Ctrl-C");
        assertThat(up.output()).contains("Press Ctrl-C");

        Launcher.Result second = launcher.run("up", "-d", "--no-api");
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.stderr()).contains("already running").contains("./gamepipe down");

        long kafka = launcher.pid(Component.KAFKA);
        Launcher.killHard(kafka);
        launcher.awaitStatus("kafka +pid (?!" + kafka + " )\\d+ +alive +restarts=1 +last exit: " + java.util.regex.Pattern.quote(SIGKILL_EXIT));
        assertThat(launcher.run("events", "--from-beginning").stderr()).as("the topic came back with Kafka")
                .contains("% Reached end of topic events [0] at offset 0");
        long restartedKafka = launcher.pid(Component.KAFKA);

        int webPort = launcher.port("HDFS_HTTP");
        try (ServerSocket squatter = killAndTakePort(launcher.pid(Component.HDFS), webPort)) {
            String status = launcher.awaitStatus("hdfs +pid \\d+ +DOWN +restarts=2 ");
            assertThat(status).contains("port " + webPort + " (HDFS web UI) is already in use by another program")
                    .contains("restarted 2 times within 600 s and failed again (--restart-limit 2")
                    .containsPattern("kafka +pid " + restartedKafka + " +alive +restarts=1 ");
            assertThat(launcher.run("status").exitCode()).as("status with a component down").isEqualTo(StatusCommand.COMPONENT_DOWN);
            assertThat(launcher.ok("logs", "hdfs")).contains("not started: port " + webPort);

            up.process().destroy(); // SIGTERM, as Ctrl-C
            Launcher.Result stopped = up.await();
            assertThat(stopped.exitCode()).as(stopped.all()).isEqualTo(1);
            assertThat(stopped.stdout()).contains("ERROR HDFS stays down").contains("stopped Kafka");
        }
        assertThat(Launcher.alive(restartedKafka)).isFalse();
        Launcher.Result status = launcher.run("status");
        assertThat(status.exitCode()).isEqualTo(StatusCommand.NOT_RUNNING);
        assertThat(status.stdout()).contains("HDFS was down");
    }

    /** Kills the process, then binds its port as soon as it is free, before the supervisor's restart. */
    private static ServerSocket killAndTakePort(long pid, int port) throws InterruptedException {
        Launcher.killHard(pid);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                return new ServerSocket(port);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("port " + port + " stayed taken after pid " + pid + " died", e);
                }
                Thread.sleep(10);
            }
        }
    }
}
