package io.gamepipe.embedded.junit;

import io.gamepipe.embedded.EmbeddedKafka;
import io.gamepipe.embedded.EmbeddedKafka.MetadataMode;
import io.gamepipe.embedded.EmbeddedZooKeeper;
import io.gamepipe.embedded.TempDirs;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka broker for a whole test class:
 * <pre>{@code @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.kraft();}</pre>
 * In ZooKeeper mode it also starts the ZooKeeper the broker registers with.
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private final MetadataMode mode;
    private Path workDir;
    private EmbeddedZooKeeper zooKeeper;
    private EmbeddedKafka kafka;

    private KafkaExtension(MetadataMode mode) {
        this.mode = mode;
    }

    public static KafkaExtension kraft() {
        return new KafkaExtension(MetadataMode.KRAFT);
    }

    public static KafkaExtension zooKeeper() {
        return new KafkaExtension(MetadataMode.ZOOKEEPER);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        EmbeddedKafka.throwInsteadOfExiting();
        workDir = TempDirs.create("gamepipe-kafka-test");
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder().mode(mode).logDir(workDir.resolve("kafka"));
        if (mode == MetadataMode.ZOOKEEPER) {
            zooKeeper = EmbeddedZooKeeper.start(0, workDir.resolve("zookeeper"));
            builder.zookeeperConnect(zooKeeper.connectString());
        }
        kafka = builder.build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (kafka != null) {
                kafka.stop();
            }
            if (zooKeeper != null) {
                zooKeeper.close();
            }
        } finally {
            TempDirs.deleteQuietly(workDir);
        }
    }

    /** The broker, e.g. to {@link EmbeddedKafka#stop() stop} and {@link EmbeddedKafka#start() restart} it. */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
