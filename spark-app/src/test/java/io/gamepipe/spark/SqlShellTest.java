package io.gamepipe.spark;

import static io.gamepipe.spark.testing.SparkTesting.newTopic;
import static io.gamepipe.spark.testing.SparkTesting.run;
import static io.gamepipe.spark.testing.SparkTesting.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.spark.jobs.LandEventsJob;
import io.gamepipe.spark.testing.EmbeddedClusterTest;
import io.gamepipe.spark.testing.OriginalEvents;
import io.gamepipe.spark.testing.SparkTesting.JobRun;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ./gamepipe sql}'s main class over data really landed in HDFS by the land job. */
class SqlShellTest extends EmbeddedClusterTest {

    private static String root;
    /** Events per type, as sent to the topic. */
    private static final Map<String, Integer> SENT = new TreeMap<>();

    @BeforeAll
    static void landSomeEvents() {
        String topic = newTopic("sql");
        root = "/sql/" + UUID.randomUUID();
        List<String> events = new ArrayList<>(OriginalEvents.SECOND_GENERATION_REQUESTS);
        events.add("not json");
        send(KAFKA.bootstrapServers(), topic, events);
        assertThat(run(new LandEventsJob()::run, args(topic, root)).exitCode()).isZero();
        spark.read().parquet(root + "/landed_events").groupBy("event_type").count().collectAsList()
                .forEach(r -> SENT.put(r.getString(0), (int) r.getLong(1)));
        assertThat(SENT).isNotEmpty();
    }

    private static JobRun sql(String... args) {
        return sqlWithInput("", args);
    }

    private static JobRun sqlWithInput(String input, String... args) {
        List<String> all = new ArrayList<>(List.of("--output-root", root));
        all.addAll(List.of(args));
        var in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        return run((a, out, err) -> SqlShell.run(a, out, err, in), all.toArray(String[]::new));
    }

    @Test
    void everyDatasetUnderTheRootIsATableAndTheResultPrintsLikeShow() {
        JobRun result = sql("SELECT event_type, count(*) AS events FROM landed_events GROUP BY 1 ORDER BY 1");

        assertThat(result.exitCode()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).matches("\\+-+\\+-+\\+");
        assertThat(lines.get(1)).matches("\\| *event_type\\|events\\|");
        SENT.forEach((type, count) -> assertThat(lines).anyMatch(l -> l.matches("\\| *" + type + "\\| *" + count + "\\|")));
        assertThat(lines).hasSize(SENT.size() + 4);
    }

    @Test
    void foldersStartingWithAnUnderscoreAreNotTables() {
        JobRun result = sql("--format", "csv", "SHOW TABLES");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().skip(1).map(l -> l.split(",")[1]))
                .as("_checkpoints and _reports are there but are no datasets")
                .containsExactlyInAnyOrder("landed_events", "landed_quarantine");
    }

    @Test
    void csvAndJsonGiveEveryRowForScripts() {
        JobRun csv = sql("--format", "csv", "SELECT event_type, count(*) AS events FROM landed_events GROUP BY 1 ORDER BY 1");
        List<String> expected = new ArrayList<>(List.of("event_type,events"));
        SENT.forEach((type, count) -> expected.add(type + "," + count));
        assertThat(csv.out().lines()).containsExactlyElementsOf(expected);

        JobRun json = sql("--format", "json", "SELECT reason, raw_value FROM landed_quarantine");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out().lines()).containsExactly("{\"reason\":\"not valid JSON\",\"raw_value\":\"not json\"}");
    }

    @Test
    void aStatementSparkRefusesIsOneLineAndExitTwo() {
        JobRun missingTable = sql("SELECT * FROM no_such_table");
        assertThat(missingTable.exitCode()).isEqualTo(2);
        assertThat(missingTable.err().strip()).doesNotContain("\n").startsWith("sql: [TABLE_OR_VIEW_NOT_FOUND]")
                .contains("no_such_table");

        JobRun syntax = sql("SELECT * FORM landed_events");
        assertThat(syntax.exitCode()).isEqualTo(2);
        assertThat(syntax.err().strip()).doesNotContain("\n").startsWith("sql: [PARSE_SYNTAX_ERROR]");
        assertThat(syntax.out()).isEmpty();
    }

    @Test
    void badOptionsAreExitTwo() {
        JobRun format = sql("--format", "xml", "SELECT 1");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("--format").contains("xml").contains("table, csv, json");

        assertThat(sql("--rows", "0", "SELECT 1").err()).contains("--rows must be at least 1, got 0");
    }

    @Test
    void withoutAStatementAPromptReadsStatementsUntilExit() {
        JobRun session = sqlWithInput("""
                SELECT count(*) AS n
                  FROM landed_quarantine;
                SELECT nope FROM landed_events;
                SELECT 'still here' AS s;
                exit
                SELECT 'never run';
                """);

        assertThat(session.exitCode()).isZero();
        assertThat(session.out()).contains("Tables: landed_events, landed_quarantine")
                .contains("sql> ").contains("   > ")
                .containsPattern("\\|  *1\\|").contains("still here").doesNotContain("never run");
        assertThat(session.err()).contains("sql: [UNRESOLVED_COLUMN");
    }
}
