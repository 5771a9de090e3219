package io.gamepipe.api;

import static org.awaitility.Awaitility.await;

import io.gamepipe.embedded.FreePorts;
import io.gamepipe.embedded.TempDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker as its own process, killed with SIGKILL in the middle of concurrent load and started
 * again on the same ports and data: every request that was answered 200 has its event in the topic.
 */
class BrokerKilledTest {

    private static final String TOPIC = "events";
    private static Path workDir;
    private static int port;
    private static int controllerPort;
    private static Process broker;
    private static RunningApi api;

    @BeforeAll
    static void start() throws Exception {
        workDir = TempDirs.create("gamepipe-api-broker-killed");
        port = FreePorts.pick();
        controllerPort = FreePorts.pick();
        broker = startBroker();
        api = RunningApi.start("localhost:" + port, "gamepipe.events.send-timeout=2s");
    }

    @AfterAll
    static void stop() {
        try {
            if (api != null) {
                api.close();
            }
        } finally {
            if (broker != null) {
                broker.destroy();
            }
            TempDirs.deleteQuietly(workDir);
        }
    }

    @Test
    void killedBrokerLosesNoAcknowledgedEvent() throws Exception {
        LoadClients load = new LoadClients(api);
        try {
            load.awaitAcknowledged(300);
            broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> load.unavailable.get() >= LoadClients.CLIENTS);
            broker = startBroker();
            load.awaitAcknowledged(load.acknowledged.size() + 300);
        } finally {
            load.stop();
        }
        load.assertEveryAcknowledgedEventIsIn("localhost:" + port, TOPIC);
    }

    /** {@code KafkaMain} in a child JVM on this test's class path; returns once it printed READY. */
    private static Process startBroker() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", classPath,
                "io.gamepipe.embedded.KafkaMain", "--port", Integer.toString(port),
                "--controller-port", Integer.toString(controllerPort), "--log-dir", workDir.resolve("kafka").toString()))
                .redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread drain = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("READY")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "kafka-process-output");
        drain.setDaemon(true);
        drain.start();
        if (!ready.await(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the Kafka process did not print READY");
        }
        return process;
    }
}
