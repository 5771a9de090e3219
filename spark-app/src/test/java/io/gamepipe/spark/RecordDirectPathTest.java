package io.gamepipe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.spark.RecordClassifier.ParsePath;
import io.gamepipe.spark.RecordParsePathsTest.Value;
import io.gamepipe.spark.testing.SparkTesting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The promise of the jobs' one-pass classification ({@link ParsePath#DIRECT}, {@link DirectClassifier}),
 * on the records {@link RecordParsePathsTest} generates: the usual record made straight into its row
 * and every other one through the SQL form's expressions give exactly the rows of {@code from_json}
 * into the known fields and into a map ({@link ParsePath#GENERAL}).
 */
class RecordDirectPathTest {

    private static Path tempDir;
    private static SparkSession spark;
    /** The rows of the one-pass classification, then those of the general parse: one Spark job per try. */
    private static Dataset<Row> bothPaths;

    @BeforeContainer
    static void startSpark() {
        tempDir = SparkTesting.tempDir();
        spark = SparkTesting.session(tempDir);
        bothPaths = RecordParsePathsTest.againstGeneral(spark, ParsePath.DIRECT);
    }

    @AfterContainer
    static void stopSpark() {
        SparkTesting.stop(spark, tempDir);
        spark = null;
    }

    /** 50 tries of 10 to 50 records, one Spark job per try. */
    @Property(tries = 50)
    void theOnePassGivesTheRowsOfTheGeneralParse(@ForAll("batches") List<Value> values) {
        List<Map<String, Object>> both = RecordParsePathsTest.classified(bothPaths, values);
        List<Map<String, Object>> direct = both.subList(0, both.size() / 2);
        List<Map<String, Object>> general = both.subList(both.size() / 2, both.size());

        assertThat(both).hasSize(2 * values.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(direct.get(i)).as("record %d: %s", i, values.get(i)).isEqualTo(general.get(i));
        }
        Statistics.label("a record was valid").collect(general.stream().anyMatch(r -> r.get(EventColumns.REASON) == null));
        Statistics.label("a record was quarantined").collect(general.stream().anyMatch(r -> r.get(EventColumns.REASON) != null));
        Statistics.label("a record was valid").coverage(c -> c.check(true).percentage(p -> p > 50));
        Statistics.label("a record was quarantined").coverage(c -> c.check(true).percentage(p -> p > 50));
    }

    /** The usual records of the benchmark's mix, and near misses the one pass must leave to the SQL form. */
    @Example
    void usualRecordsAndNearMisses() {
        List<Value> values = List.of(
                value("{\"event_type\": \"join_guild\", \"guild_id\": 1, \"Host\": \"localhost:5000\", \"event_id\": \"e1\"}"),
                value("{\"event_type\": \"purchase_item\", \"item\": \"sword\", \"Accept\": \"*/*\"}"),
                value("{\"event_type\": \"x\".\"}"),
                value("{\"event_type\": \"" + "x".repeat(65) + "\"}"),
                value("{\"event_type\": \"a b\"}"),
                value("{\"event_type\": \"a\", \"item\": \"[1]\"}"),
                value("{\"event_type\": \"a\", \"Host\": \"[::1]:5000\"}"),
                value("{\"event_type\": \"a\", \"Host\": \"it's: here\"}"),
                value("{\"item\": \"sword\"}"),
                new Value(null));

        List<Map<String, Object>> both = RecordParsePathsTest.classified(bothPaths, values);

        assertThat(both.subList(0, values.size())).isEqualTo(both.subList(values.size(), both.size()));
        assertThat(both.get(0)).containsEntry("guild_id", "1").containsEntry(EventColumns.REASON, null);
    }

    private static Value value(String json) {
        return new Value(json.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<List<Value>> batches() {
        return RecordParsePathsTest.record().list().ofMinSize(10).ofMaxSize(50).withSizeDistribution(RandomDistribution.uniform());
    }
}
