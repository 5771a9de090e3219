package io.gamepipe.spark.testing;

import io.gamepipe.embedded.TempDirs;
import io.gamepipe.embedded.junit.HdfsExtension;
import io.gamepipe.embedded.junit.KafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One real Kafka broker, one real HDFS and one local Spark for each test class that extends
 * this (started before its first test, stopped after its last).
 *
 * <p>The HDFS lets a dead writer's lease go after 20 s rather than 60 s: the tests that kill a
 * job holding a dataset lock wait that long before the next run takes it. Every client here
 * (Spark's too) renews its leases often enough for that.
 */
public abstract class EmbeddedClusterTest {

    protected static final Duration LEASE_SOFT_LIMIT = Duration.ofSeconds(20);

    @RegisterExtension
    protected static final KafkaExtension KAFKA = KafkaExtension.kraft();
    @RegisterExtension
    protected static final HdfsExtension HDFS = new HdfsExtension().leaseSoftLimit(LEASE_SOFT_LIMIT);

    protected static Path tempDir;
    protected static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        tempDir = SparkTesting.tempDir();
        spark = SparkTesting.session(HDFS.hdfs(), tempDir);
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
        TempDirs.deleteQuietly(tempDir);
    }

    /** A job's arguments for this class's broker, plus {@code more}. */
    protected static String[] args(String topic, String root, String... more) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", topic,
                "--output-root", root));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }
}
