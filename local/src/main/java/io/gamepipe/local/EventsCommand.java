package io.gamepipe.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code events}: prints the topic's records, one JSON event a line, like {@code kafkacat -C -b ... -t events}. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Prints the records of topic 'events', one per line (like kafkacat -C -t events).",
                "Without --follow it stops at the end of the topic, saying so on standard error."})
final class EventsCommand implements Callable<Integer> {

    @Mixin
    HomeOption homeOption;

    @Option(names = "--from-beginning", description = "Start at the first record (default: only records from now on).")
    boolean fromBeginning;

    @Option(names = {"-f", "--follow"}, description = "Keep waiting for new records until Ctrl-C.")
    boolean follow;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        ClusterState state = ClusterState.requireRunning(homeOption.home(Layout.detect()));
        long count = read(state.bootstrapServers(), state.topic(), fromBeginning, follow, record -> out.println(record.value()), System.err);
        if (count == 0 && !fromBeginning && !follow) {
            System.err.println("(no new records: --from-beginning shows the earlier ones, --follow waits for new ones)");
        }
        return 0;
    }

    /**
     * Reads {@code topic} from its beginning (or its end) and hands each record on; without
     * {@code follow} stops once every partition's end, as it was when reading began, is reached.
     * Returns how many records were read.
     */
    static long read(String bootstrapServers, String topic, boolean fromBeginning, boolean follow,
                     Consumer<ConsumerRecord<String, String>> handler, PrintStream notes) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gamepipe-events");
        long count = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new GamepipeException("topic '" + topic + "' does not exist on " + bootstrapServers);
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (follow || !reachedEnd(consumer, ends)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    handler.accept(record);
                    count++;
                }
            }
            ends.forEach((partition, end) -> notes.printf("%% Reached end of topic %s [%d] at offset %d: exiting%n",
                    partition.topic(), partition.partition(), end));
        }
        return count;
    }

    private static boolean reachedEnd(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }
}
