package io.gamepipe.embedded;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.KafkaServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import scala.Option;

/**
 * Every call into Kafka's internal classes (the broker's Scala servers, the storage tool, the
 * exit hooks), in one place: none of them is public API, and each may change in any release.
 * {@link EmbeddedKafka} uses only this class to run a broker.
 *
 * <p>Upgrade path. Kafka 4 runs in KRaft mode only: {@link KafkaServer} (ZooKeeper mode) is
 * gone, so {@link #startWithZooKeeper} and with it {@code EmbeddedZooKeeper}, {@code --mode
 * zookeeper} and the original's ZooKeeper walkthrough stay on Kafka 3.9. For KRaft there are two
 * ways on: Kafka's own test kit ({@code KafkaClusterTestKit}, shipped in Kafka's test artifacts,
 * whose package and artifact moved in 4.0: look them up for the target version), which formats
 * storage and starts a combined broker and controller in this JVM and replaces {@link #startKRaft}
 * and {@link #formatStorage}; or {@code kafka.Kafka}'s {@code main}
 * on a {@code server.properties} in a child JVM (as {@code KafkaMain} already runs in its own JVM
 * for {@code ./gamepipe}), after {@code kafka-storage format}, which uses no internal class at all.
 */
final class KafkaInternals {

    /** A broker started here; {@link #stop()} shuts it down and waits until it has. */
    interface RunningBroker {
        void stop();
    }

    private KafkaInternals() {
    }

    /** A combined broker and controller (KRaft) on storage that {@link #formatStorage} formatted. */
    static RunningBroker startKRaft(Properties brokerProperties) {
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(brokerProperties), Time.SYSTEM);
        RunningBroker running = () -> {
            server.shutdown();
            server.awaitShutdown();
        };
        startOrStop(server::startup, running);
        return running;
    }

    /** A broker that keeps its metadata in ZooKeeper ({@code zookeeper.connect}); Kafka 3.x only. */
    static RunningBroker startWithZooKeeper(Properties brokerProperties) {
        KafkaServer server = new KafkaServer(KafkaConfig.fromProps(brokerProperties), Time.SYSTEM, Option.empty(), false);
        RunningBroker running = () -> {
            server.shutdown();
            server.awaitShutdown();
        };
        startOrStop(server::startup, running);
        return running;
    }

    /**
     * A start that fails half way (the broker could not bind its port after the controller did)
     * leaves threads, ports and the log directory's lock behind: stop what started, then throw.
     */
    private static void startOrStop(Runnable startup, RunningBroker started) {
        try {
            startup.run();
        } catch (RuntimeException e) {
            try {
                started.stop();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
    }

    /** {@code kafka-storage format -t ID -c CONFIG --ignore-formatted}; returns its exit code, its output to {@code out}. */
    static int formatStorage(String clusterId, Path configFile, PrintStream out) {
        return StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", configFile.toString(), "--ignore-formatted"}, out);
    }

    /** Kafka's fatal paths call these hooks instead of {@code System.exit}/{@code halt}: make them throw. */
    static void throwInsteadOfExiting() {
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Kafka asked to exit(" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("Kafka asked to halt(" + code + "): " + message);
        });
    }
}
