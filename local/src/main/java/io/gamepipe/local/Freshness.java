package io.gamepipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gamepipe.events.JobReports;
import io.gamepipe.events.PipelineJob;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The freshness figures {@code status} prints, as the operator puts them in a GamePipeline's status: events in the
 * topic after land's committed offsets (its report, {@code _reports/land.json}), the oldest of them, land's last run,
 * and compact's last report.
 */
final class Freshness {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Freshness() {
    }

    /** The lines status prints under the endpoints; a part that cannot be read says so instead of failing status. */
    static List<String> lines(ClusterState state, String outputRoot, Instant now) {
        List<String> lines = new ArrayList<>();
        Optional<JsonNode> land;
        Optional<JsonNode> compact;
        try {
            land = report(state.hdfsUri(), outputRoot, PipelineJob.LAND.id());
            compact = report(state.hdfsUri(), outputRoot, "compact");
        } catch (IOException | RuntimeException e) {
            lines.add("freshness unknown: cannot read " + outputRoot + "/" + JobReports.FOLDER + " in HDFS ("
                    + e.getClass().getSimpleName() + ")");
            return lines;
        }
        Map<Integer, Long> committed = new HashMap<>();
        land.filter(r -> state.topic().equals(r.path(JobReports.TOPIC).asText()))
                .ifPresent(r -> r.path(JobReports.COMMITTED_OFFSETS).fields()
                        .forEachRemaining(e -> committed.put(Integer.parseInt(e.getKey()), e.getValue().asLong())));
        try {
            lines.add(lag(state.bootstrapServers(), state.topic(), committed, now));
        } catch (Exception e) {
            lines.add("freshness unknown: cannot reach Kafka at " + state.bootstrapServers() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        lines.add(land.map(r -> "last land run " + r.path(JobReports.FINISHED_AT).asText() + " ("
                        + ago(Instant.parse(r.path(JobReports.FINISHED_AT).asText()), now) + ", "
                        + r.path(JobReports.EVENTS_LANDED).asLong() + " events landed)")
                .orElse("last land run: none yet (./gamepipe submit land)"));
        compact.ifPresent(r -> lines.add(compaction(r)));
        return lines;
    }

    private static Optional<JsonNode> report(String hdfsUri, String outputRoot, String job) throws IOException {
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", hdfsUri);
        try (FileSystem fs = FileSystem.newInstance(URI.create(hdfsUri), conf)) {
            Path path = new Path(outputRoot + "/" + JobReports.FOLDER + "/" + job + ".json");
            if (!fs.exists(path)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(path)) {
                return Optional.of(JSON.readTree(in));
            }
        }
    }

    /** Events after the committed offsets (from the earliest kept where land committed none), and the oldest one's age. */
    private static String lag(String bootstrapServers, String topic, Map<Integer, Long> committed, Instant now)
            throws Exception {
        int timeoutMs = (int) TIMEOUT.toMillis();
        Map<Integer, Long> first = new HashMap<>();
        Map<Integer, Long> end = new HashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
                    .get(timeoutMs, TimeUnit.MILLISECONDS).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            var earliest = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest())))
                    .all().get(timeoutMs, TimeUnit.MILLISECONDS);
            var latest = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(timeoutMs, TimeUnit.MILLISECONDS);
            for (TopicPartition partition : partitions) {
                long from = Math.max(committed.getOrDefault(partition.partition(), 0L), earliest.get(partition).offset());
                long to = latest.get(partition).offset();
                end.put(partition.partition(), to);
                if (to > from) {
                    first.put(partition.partition(), from);
                }
            }
        }
        long events = first.entrySet().stream().mapToLong(e -> end.get(e.getKey()) - e.getValue()).sum();
        if (events == 0) {
            return "every event in topic " + topic + " is landed";
        }
        return oldest(bootstrapServers, topic, first)
                .map(oldest -> String.format(Locale.ROOT, "%,d events not landed, the oldest from %s (%s)", events, oldest,
                        ago(oldest, now)))
                .orElse(String.format(Locale.ROOT, "%,d events not landed", events));
    }

    private static Optional<Instant> oldest(String bootstrapServers, String topic, Map<Integer, Long> first) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(64 * 1024));
        Instant oldest = null;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(first.keySet().stream().map(p -> new TopicPartition(topic, p)).toList());
            first.forEach((partition, offset) -> consumer.seek(new TopicPartition(topic, partition), offset));
            Map<Integer, Instant> found = new HashMap<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (found.size() < first.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    found.putIfAbsent(record.partition(), Instant.ofEpochMilli(record.timestamp()));
                }
            }
            oldest = found.values().stream().min(Instant::compareTo).orElse(null);
        }
        return Optional.ofNullable(oldest);
    }

    private static String compaction(JsonNode report) {
        StringBuilder line = new StringBuilder("last compact run " + report.path(JobReports.FINISHED_AT).asText() + ": files "
                + report.path(JobReports.FILES_BEFORE).asText("?") + " -> " + report.path(JobReports.FILES_AFTER).asText("?"));
        if (report.has(JobReports.RETENTION_DAYS)) {
            line.append(String.format(Locale.ROOT, ", retention %d days: %d partitions deleted, %,d bytes freed",
                    report.path(JobReports.RETENTION_DAYS).asLong(), report.path(JobReports.PARTITIONS_DELETED).asLong(),
                    report.path(JobReports.BYTES_FREED).asLong()));
        }
        return line.toString();
    }

    /** "42 s ago", "3 min ago", "5 h ago", "2 days ago". */
    static String ago(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).toSeconds());
        if (seconds < 120) {
            return seconds + " s ago";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " min ago";
        }
        return seconds < 2 * 86400 ? seconds / 3600 + " h ago" : seconds / 86400 + " days ago";
    }
}
