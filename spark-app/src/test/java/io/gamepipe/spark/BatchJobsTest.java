package io.gamepipe.spark;

import static io.gamepipe.spark.testing.SparkTesting.asMap;
import static io.gamepipe.spark.testing.SparkTesting.newTopic;
import static io.gamepipe.spark.testing.SparkTesting.run;
import static io.gamepipe.spark.testing.SparkTesting.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gamepipe.spark.jobs.ExtractEventsJob;
import io.gamepipe.spark.jobs.SeparateEventsJob;
import io.gamepipe.spark.jobs.TransformEventsJob;
import io.gamepipe.spark.testing.OriginalEvents;
import io.gamepipe.spark.testing.EmbeddedClusterTest;
import io.gamepipe.spark.testing.SparkTesting;
import io.gamepipe.spark.testing.SparkTesting.JobRun;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The original's three jobs against a real broker, a real HDFS and a local Spark, read back from HDFS. */
class BatchJobsTest extends EmbeddedClusterTest {

    private static final DateTimeFormatter SPARK_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart()
            .appendFraction(ChronoField.MILLI_OF_SECOND, 1, 3, true).optionalEnd().toFormatter();

    private static String newRoot() {
        return "/jobs/" + UUID.randomUUID();
    }

    private static List<Map<String, Object>> rows(String path, String... orderBy) {
        return spark.read().parquet(path).orderBy(orderBy[0], Arrays.copyOfRange(orderBy, 1, orderBy.length))
                .collectAsList().stream().map(SparkTesting::asMap).toList();
    }

    @Test
    void extractWritesTheFirstGenerationsEventsOneColumnPerField() throws Exception {
        String topic = newTopic("extract");
        send(KAFKA.bootstrapServers(), topic, OriginalEvents.FIRST_GENERATION_CURL);
        String root = newRoot();

        JobRun run = run(new ExtractEventsJob()::run, args(topic, root));

        assertThat(run.exitCode()).isZero();
        try (FileSystem fs = HDFS.hdfs().newClient()) {
            assertThat(fs.exists(new org.apache.hadoop.fs.Path(root + "/extracted_events/_SUCCESS"))).isTrue();
        }
        Dataset<Row> extracted = spark.read().parquet(root + "/extracted_events");
        assertThat(extracted.columns()).containsExactlyElementsOf(ExtractEventsJob.columns());
        assertThat(extracted.orderBy("event_type").collectAsList())
                .extracting(r -> r.getAs("Accept"), r -> r.getAs("Host"), r -> r.getAs("User-Agent"), r -> r.getAs("event_type"))
                .containsExactly(
                        tuple("*/*", "localhost:5000", "curl/7.47.0", "default"),
                        tuple("*/*", "localhost:5000", "curl/7.47.0", "purchase_sword"));
        assertThat(run.out()).contains("events read        2").contains("extracted_events   2 rows")
                .contains("quarantined        0");
    }

    @Test
    void transformMungesHostAndCacheControlAndAddsTheRecordTimestamp() {
        String topic = newTopic("transform");
        List<RecordMetadata> sent = send(KAFKA.bootstrapServers(), topic, OriginalEvents.FIRST_GENERATION_CURL);
        String root = newRoot();
        assertThat(run(new ExtractEventsJob()::run, args(topic, root)).exitCode()).isZero();

        JobRun run = run(new TransformEventsJob()::run, args(topic, root));

        assertThat(run.exitCode()).isZero();
        List<Map<String, Object>> rows = rows(root + "/extracted_events", "event_type");
        assertThat(rows).extracting(r -> r.get("Accept"), r -> r.get("Cache-Control"), r -> r.get("Host"),
                        r -> r.get("User-Agent"), r -> r.get("event_type"))
                .containsExactly(
                        tuple("*/*", "no-cache", "moe", "curl/7.47.0", "default"),
                        tuple("*/*", "no-cache", "moe", "curl/7.47.0", "purchase_sword"));
        for (int i = 0; i < rows.size(); i++) {
            long landed = LocalDateTime.parse((String) rows.get(i).get("timestamp"), SPARK_TIMESTAMP)
                    .toInstant(ZoneOffset.UTC).toEpochMilli();
            assertThat(landed).isEqualTo(sent.get(i).timestamp());
        }
        assertThat(run.out()).contains("munged_events:").contains("|Accept|Cache-Control|")
                .contains("|   */*|     no-cache| moe|curl/7.47.0|       default|");
    }

    @Test
    void separateCollapsesTheParameterAndWritesOneDatasetPerType() {
        String topic = newTopic("separate");
        List<String> events = new ArrayList<>(OriginalEvents.FIRST_GENERATION_CURL);
        events.addAll(OriginalEvents.SECOND_GENERATION_CURL);
        events.addAll(OriginalEvents.SECOND_GENERATION_REQUESTS);
        send(KAFKA.bootstrapServers(), topic, events);
        String root = newRoot();

        JobRun run = run(new SeparateEventsJob()::run, args(topic, root));

        assertThat(run.exitCode()).isZero();
        for (String dataset : SeparateEventsJob.datasets()) {
            assertThat(spark.read().parquet(root + "/" + dataset).columns()).containsExactlyElementsOf(SeparateEventsJob.columns());
        }
        assertThat(rows(root + "/sword_purchases", "timestamp")).extracting(r -> r.get("event_type"), r -> r.get("parameter"))
                .containsExactlyInAnyOrder(tuple("purchase_sword", null));
        assertThat(rows(root + "/default_hits", "timestamp")).extracting(r -> r.get("User-Agent"), r -> r.get("parameter"))
                .containsExactlyInAnyOrder(tuple("curl/7.47.0", null), tuple("curl/7.47.0", null), tuple("python-requests/2.18.4", null));
        // The original's python-requests table, row for row (its gen-2 separate did not munge Host).
        List<Map<String, Object>> items = rows(root + "/item_purchases", "timestamp");
        assertThat(items).filteredOn(r -> "python-requests/2.18.4".equals(r.get("User-Agent")))
                .extracting(r -> r.get("Accept"), r -> r.get("Accept-Encoding"), r -> r.get("Connection"), r -> r.get("Host"),
                        r -> r.get("event_type"), r -> r.get("parameter"))
                .containsExactlyInAnyOrder(
                        tuple("*/*", "gzip, deflate", "keep-alive", "localhost:5000", "purchase_item", "missing"),
                        tuple("*/*", "gzip, deflate", "keep-alive", "localhost:5000", "purchase_item", "sword"),
                        tuple("*/*", "gzip, deflate", "keep-alive", "localhost:5000", "purchase_item", "knife"),
                        tuple("*/*", "gzip, deflate", "keep-alive", "localhost:5000", "purchase_item", "invalid"));
        assertThat(items).filteredOn(r -> "curl/7.47.0".equals(r.get("User-Agent"))).extracting(r -> r.get("parameter"))
                .containsExactlyInAnyOrder("sword", "missing");
        assertThat(rows(root + "/guild_joins", "timestamp")).extracting(r -> r.get("parameter"))
                .containsExactlyInAnyOrder("missing", "1", "invalid", "missing", "1", "invalid");
        assertThat(spark.read().parquet(root + "/other_events").count()).isZero();
        assertThat(run.out()).contains("|Accept|Accept-Encoding|Connection|          Host|          User-Agent|   event_type|")
                .contains("|   */*|  gzip, deflate|keep-alive|localhost:5000|python-requests/2...|purchase_item|  missing|")
                .contains("events read        16").contains("guild_joins        6 rows");
    }

    @Test
    void newFieldsAndHeadersAreKeptAndUnmappedTypesGoToOtherEvents() {
        String topic = newTopic("newfields");
        send(KAFKA.bootstrapServers(), topic, List.of(
                "{\"event_type\": \"join_guild\", \"guild_id\": 7, \"event_id\": \"0f8fad5b-d9cb-469f-a165-70867728950e\", "
                        + "\"received_at\": \"2026-11-24T20:00:00.123Z\", \"Host\": \"localhost:5000\", \"X-Request-Id\": \"abc\"}",
                "{\"event_type\": \"open_chest\", \"item\": \"gold\", \"Host\": \"[::1]:5000\", \"Dnt\": \"1\", "
                        + "\"loot\": {\"coins\": 3}}"));
        String root = newRoot();

        assertThat(run(new ExtractEventsJob()::run, args(topic, root)).exitCode()).isZero();
        List<Map<String, Object>> extracted = rows(root + "/extracted_events", "event_type");
        assertThat(extracted).extracting(r -> r.get("event_id"), r -> r.get("received_at"), r -> r.get("guild_id"))
                .containsExactly(tuple("0f8fad5b-d9cb-469f-a165-70867728950e", "2026-11-24T20:00:00.123Z", "7"),
                        tuple(null, null, null));

        assertThat(run(new SeparateEventsJob()::run, args(topic, root)).exitCode()).isZero();
        List<Map<String, Object>> guildJoins = rows(root + "/guild_joins", "timestamp");
        assertThat(guildJoins).extracting(r -> r.get("parameter"), r -> extra(r))
                .containsExactly(tuple("7", Map.of("X-Request-Id", "abc")));
        List<Map<String, Object>> others = rows(root + "/other_events", "timestamp");
        assertThat(others).extracting(r -> r.get("event_type"), r -> r.get("parameter"), r -> r.get("Host"), r -> extra(r))
                .containsExactly(tuple("open_chest", "gold", "[::1]:5000", Map.of("Dnt", "1", "loot", "{\"coins\":3}")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> extra(Map<String, Object> row) {
        Object map = row.get("extra_fields");
        return (Map<String, String>) map;
    }

    @Test
    void malformedRecordsAreQuarantinedWithTheirOffsetsAndNeverFailTheJob() {
        String topic = newTopic("malformed");
        List<String> values = Arrays.asList(
                OriginalEvents.FIRST_GENERATION_CURL.get(0),
                "not json at all",
                "[1, 2]",
                "\"just a string\"",
                "{\"Host\": \"localhost:5000\"}",
                "{\"event_type\": {\"name\": \"default\"}}",
                "{\"event_type\": \"default\", \"Host\": [\"a\", \"b\"]}",
                "{\"event_type\": \"join_guild\", \"guild_id\": {\"id\": 1}}",
                "{\"event_type\": \"rm -rf /\"}",
                null,
                "{\"event_type\": \"default\", \"Host\": \"[::1]\"}");
        List<RecordMetadata> sent = send(KAFKA.bootstrapServers(), topic, values);
        String root = newRoot();

        JobRun run = run(new ExtractEventsJob()::run, args(topic, root));

        assertThat(run.exitCode()).isZero();
        assertThat(rows(root + "/extracted_events", "Host")).extracting(r -> r.get("Host"))
                .containsExactly("[::1]", "localhost:5000");
        List<Map<String, Object>> quarantined = rows(root + "/quarantined_events", "kafka_offset");
        assertThat(quarantined).extracting(r -> r.get("kafka_offset"), r -> r.get("raw_value"), r -> r.get("reason"))
                .containsExactly(
                        tuple(sent.get(1).offset(), "not json at all", "not valid JSON"),
                        tuple(sent.get(2).offset(), "[1, 2]", "not a JSON object: a JSON array"),
                        tuple(sent.get(3).offset(), "\"just a string\"", "not a JSON object: a JSON scalar"),
                        tuple(sent.get(4).offset(), values.get(4), "no event_type"),
                        tuple(sent.get(5).offset(), values.get(5), "wrong type: event_type is a JSON object or array, not a string"),
                        tuple(sent.get(6).offset(), values.get(6), "wrong type: Host is a JSON object or array, not a string"),
                        tuple(sent.get(7).offset(), values.get(7), "wrong type: guild_id is a JSON object or array, not a number or string"),
                        tuple(sent.get(8).offset(), values.get(8), "event_type is not a name of 1 to 64 letters, digits, '_', '-' or '.'"),
                        tuple(sent.get(9).offset(), null, "empty record: no value"));
        assertThat(quarantined).allSatisfy(r -> {
            assertThat(r.get("kafka_topic")).isEqualTo(topic);
            assertThat(r.get("kafka_partition")).isEqualTo(0);
            assertThat(r.get("kafka_timestamp")).isNotNull();
        });
        assertThat(run.out()).contains("events read        11").contains("quarantined        9");
    }

    @Test
    void anEmptyTopicGivesValidEmptyDatasets() {
        String topic = newTopic("empty");
        KAFKA.kafka().createTopic(topic, 1);
        String root = newRoot();

        assertThat(run(new ExtractEventsJob()::run, args(topic, root)).exitCode()).isZero();
        assertThat(run(new SeparateEventsJob()::run, args(topic, root)).exitCode()).isZero();

        Dataset<Row> extracted = spark.read().parquet(root + "/extracted_events");
        assertThat(extracted.count()).isZero();
        assertThat(extracted.columns()).containsExactlyElementsOf(ExtractEventsJob.columns());
        for (String dataset : SeparateEventsJob.datasets()) {
            Dataset<Row> separated = spark.read().parquet(root + "/" + dataset);
            assertThat(separated.count()).isZero();
            assertThat(separated.columns()).containsExactlyElementsOf(SeparateEventsJob.columns());
        }
        Dataset<Row> quarantine = spark.read().parquet(root + "/quarantined_events");
        assertThat(quarantine.count()).isZero();
        assertThat(quarantine.columns()).containsExactlyElementsOf(EventColumns.QUARANTINE_COLUMNS);
    }

    @Test
    void badArgumentsExitWithCodeTwoAndAClearMessage() {
        JobRun unknown = run(new ExtractEventsJob()::run, "--bootstrap", "x");
        assertThat(unknown.exitCode()).isEqualTo(SparkJob.BAD_ARGUMENTS);
        assertThat(unknown.err()).contains("unknown option --bootstrap").contains("--help");

        JobRun noValue = run(new TransformEventsJob()::run, "--topic");
        assertThat(noValue.exitCode()).isEqualTo(SparkJob.BAD_ARGUMENTS);
        assertThat(noValue.err()).contains("option --topic needs a value");

        JobRun notANumber = run(new SeparateEventsJob()::run, "--min-partitions", "many");
        assertThat(notANumber.exitCode()).isEqualTo(SparkJob.BAD_ARGUMENTS);
        assertThat(notANumber.err()).contains("--min-partitions must be a whole number, got 'many'");

        JobRun badLevel = run(new SeparateEventsJob()::run, "--log-level=LOUD");
        assertThat(badLevel.exitCode()).isEqualTo(SparkJob.BAD_ARGUMENTS);

        JobRun help = run(new SeparateEventsJob()::run, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--bootstrap-servers").contains("(default: localhost:9092)")
                .contains("--output-root").contains("(default: /tmp)").contains("other_events")
                .contains("spark.gamepipe.<option>");
    }

    @Test
    void aJobThatCannotWriteFailsWithCodeOne() throws Exception {
        String topic = newTopic("fail");
        send(KAFKA.bootstrapServers(), topic, OriginalEvents.FIRST_GENERATION_CURL);
        String root = newRoot();
        try (FileSystem fs = HDFS.hdfs().newClient()) {
            // A file where the output root's directory should be: nothing can be written under it.
            fs.create(new org.apache.hadoop.fs.Path(root)).close();
        }

        JobRun run = run(new ExtractEventsJob()::run, args(topic, root));

        assertThat(run.exitCode()).isEqualTo(SparkJob.FAILED);
        // One line naming what broke, no stack trace at the default log level.
        assertThat(run.err()).containsPattern("ExtractEventsJob FAILED: \\w+Exception: .*" + root)
                .doesNotContain("\tat ");
    }
}
