package io.gamepipe.embedded;

import io.gamepipe.embedded.EmbeddedKafka.MetadataMode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a real single-node Kafka broker in this JVM until it is stopped (SIGTERM or Ctrl-C). */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Runs a single-node Kafka 3.9 broker until stopped; prints 'READY <bootstrap servers>' once it serves.")
public final class KafkaMain implements Callable<Integer> {

    @Option(names = "--mode", defaultValue = "KRAFT", converter = ModeConverter.class,
            description = "Metadata mode: kraft or zookeeper (default: kraft).")
    MetadataMode mode;

    @Option(names = "--port", defaultValue = "9092", description = "Client (PLAINTEXT) port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", defaultValue = "9093",
            description = "KRaft controller port, unused in ZooKeeper mode (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--zookeeper", defaultValue = "localhost:2181",
            description = "ZooKeeper connect string, ZooKeeper mode only (default: ${DEFAULT-VALUE}).")
    String zookeeper;

    @Option(names = "--log-dir", required = true, description = "Directory for the broker's logs (its data).")
    Path logDir;

    @Option(names = "--create-topic", paramLabel = "NAME[:PARTITIONS]",
            description = "Topic to create once the broker is up, if it does not exist; may repeat.")
    List<String> topics = List.of();

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = "Any broker property; may repeat.")
    java.util.Map<String, String> properties = java.util.Map.of();

    @Override
    public Integer call() throws Exception {
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder()
                .mode(mode).port(port).controllerPort(controllerPort).logDir(logDir);
        if (mode == MetadataMode.ZOOKEEPER) {
            builder.zookeeperConnect(zookeeper);
        }
        properties.forEach(builder::property);
        EmbeddedKafka kafka = builder.build().start();
        for (String topic : topics) {
            String[] parts = topic.split(":", 2);
            kafka.createTopic(parts[0], parts.length == 2 ? Integer.parseInt(parts[1]) : 1);
        }
        return ServiceRunner.serveUntilStopped(kafka.bootstrapServers(), kafka);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new KafkaMain()).execute(args));
    }

    /** Accepts {@code kraft} and {@code zookeeper} in any case. */
    static final class ModeConverter implements CommandLine.ITypeConverter<MetadataMode> {
        @Override
        public MetadataMode convert(String value) {
            try {
                return MetadataMode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected kraft or zookeeper, got '" + value + "'");
            }
        }
    }
}
