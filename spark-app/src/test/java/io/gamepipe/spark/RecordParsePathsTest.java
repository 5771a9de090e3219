package io.gamepipe.spark;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.spark.RecordClassifier.ParsePath;
import io.gamepipe.spark.testing.SparkTesting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The promise of the fast parse, checked on generated records: the byte scan and the key-count
 * screen ({@link ParsePath#FAST}) give exactly the rows that {@code from_json} into the known
 * fields and into a map for every record ({@link ParsePath#GENERAL}) gives: the same known fields,
 * extra fields, quarantine decision and reason.
 *
 * <p>The records mix what the API writes (flat objects of known keys with plain values) with what
 * it never writes: unknown, repeated, escaped or differently cased keys, escapes and raw unicode
 * (surrogate pairs, lone surrogates), numbers of every shape, booleans and nulls, nesting,
 * whitespace JSON allows and does not, truncation, trailing text, invalid UTF-8, non-objects and
 * records without a value. Each try classifies a batch of them in one local Spark, both ways, in
 * one job of plans built once per class (building a plan costs far more than running it).
 */
class RecordParsePathsTest {

    private static final List<String> KNOWN = EventColumns.knownFields();
    /** The most records one try classifies. */
    private static final int MAX_BATCH = 50;
    /** The records the next run of the plans reads: the plans are built once, the data changes per try. */
    static final AtomicReference<List<Value>> BATCH = new AtomicReference<>(List.of());

    private static Path tempDir;
    private static SparkSession spark;
    /** The rows of the fast path, then those of the general one: one Spark job per try. */
    private static Dataset<Row> bothPaths;

    @BeforeContainer
    static void startSpark() {
        tempDir = SparkTesting.tempDir();
        spark = SparkTesting.session(tempDir);
        bothPaths = againstGeneral(spark, ParsePath.FAST);
    }

    @AfterContainer
    static void stopSpark() {
        SparkTesting.stop(spark, tempDir);
        spark = null;
    }

    /** The rows of {@code path}, then those of the general parse, of the same {@link #kafkaRows}: one Spark job per try. */
    static Dataset<Row> againstGeneral(SparkSession spark, ParsePath path) {
        Dataset<Row> kafkaRows = kafkaRows(spark);
        return RecordClassifier.classify(kafkaRows, path).union(RecordClassifier.classify(kafkaRows, ParsePath.GENERAL));
    }

    /**
     * Rows like the Kafka source's, one per record of {@link #BATCH} at the time the plan runs (a
     * plan built once and run once per try: analysing and optimising it is what takes time).
     */
    static Dataset<Row> kafkaRows(SparkSession spark) {
        UserDefinedFunction inBatch = udf((UDF1<Long, Boolean>) id -> id < BATCH.get().size(), DataTypes.BooleanType)
                .asNondeterministic();
        UserDefinedFunction value = udf((UDF1<Long, byte[]>) id -> BATCH.get().get(id.intValue()).bytes(), DataTypes.BinaryType)
                .asNondeterministic();
        Column id = col("id");
        return spark.range(0, MAX_BATCH, 1, 1).filter(inBatch.apply(id)).select(
                when(id.mod(3).equalTo(0), lit(null).cast("binary")).otherwise(concat(lit("k"), id).cast("binary")).as("key"),
                value.apply(id).as("value"),
                lit("events").as("topic"),
                id.mod(2).cast("int").as("partition"),
                id.as("offset"),
                expr("timestamp_millis(1500000000000 + id)").as("timestamp"));
    }

    /** A record value as generated; shown as text (Java escapes) when a property fails. */
    record Value(byte[] bytes) {
        @Override
        public String toString() {
            if (bytes == null) {
                return "<no value>";
            }
            StringBuilder shown = new StringBuilder("\"");
            for (char c : new String(bytes, UTF_8).toCharArray()) {
                shown.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
            }
            return shown.append('"').toString();
        }
    }

    /** 50 tries of 10 to 50 records: about 1,500 records, one Spark job per try. */
    @Property(tries = 50)
    void theFastParseGivesTheRowsOfTheGeneralParse(@ForAll("batches") List<Value> values) {
        List<Map<String, Object>> both = classified(values);
        List<Map<String, Object>> fast = both.subList(0, both.size() / 2);
        List<Map<String, Object>> general = both.subList(both.size() / 2, both.size());

        assertThat(both).hasSize(2 * values.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(fast.get(i)).as("record %d: %s", i, values.get(i)).isEqualTo(general.get(i));
        }
        // The generator must keep exercising both sides of the promise.
        Statistics.label("the scan took a record")
                .collect(values.stream().anyMatch(v -> FlatEventScanner.scan(v.bytes()) != null));
        Statistics.label("a record was quarantined").collect(general.stream().anyMatch(r -> r.get(EventColumns.REASON) != null));
        Statistics.label("a record had extra fields")
                .collect(general.stream().anyMatch(r -> r.get(EventColumns.EXTRA_FIELDS) != null));
        Statistics.label("the scan took a record").coverage(c -> c.check(true).percentage(p -> p > 50));
        Statistics.label("a record was quarantined").coverage(c -> c.check(true).percentage(p -> p > 50));
        Statistics.label("a record had extra fields").coverage(c -> c.check(true).percentage(p -> p > 50));
    }

    /**
     * Found by the property: Spark's JSON reader takes a single-quoted key, which the key count
     * missed, so the map parse was skipped and the extra field {@code "\""} lost on the fast path.
     */
    @Example
    void aSingleQuotedKeyIsCountedAsAKey() {
        Value record = new Value("{'event_type':\"~\",\"Connection\":-7379,\"\\\"\":24}".getBytes(UTF_8));

        List<Map<String, Object>> both = classified(List.of(record));

        assertThat(both.get(0)).isEqualTo(both.get(1));
        assertThat(both.get(0)).containsEntry(EventColumns.EXTRA_FIELDS, Map.of("\"", "24"))
                .containsEntry("Connection", "-7379").containsEntry("event_type", "~");
    }

    /** The records classified by the fast path, then by the general one, as maps by column name, in the order given. */
    static List<Map<String, Object>> classified(List<Value> values) {
        return classified(bothPaths, values);
    }

    /** The rows of {@code paths} (a plan over {@link #kafkaRows}) on {@code values}, as maps by column name. */
    static List<Map<String, Object>> classified(Dataset<Row> paths, List<Value> values) {
        BATCH.set(values);
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Row row : paths.collectAsList()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String field : row.schema().fieldNames()) {
                int i = row.fieldIndex(field);
                // A map may hold null values (JSON null), which Map.copyOf refuses.
                map.put(field, row.get(i) instanceof scala.collection.Map ? new HashMap<>(row.getJavaMap(i)) : row.get(i));
            }
            maps.add(map);
        }
        return maps;
    }

    @Provide
    Arbitrary<List<Value>> batches() {
        return record().list().ofMinSize(10).ofMaxSize(MAX_BATCH).withSizeDistribution(RandomDistribution.uniform());
    }

    /** One record value: mostly objects, usual or not, sometimes damaged; now and then none at all. */
    static Arbitrary<Value> record() {
        Arbitrary<String> text = Arbitraries.frequencyOf(
                Tuple.of(8, usualEvent()),
                Tuple.of(8, object(2)),
                Tuple.of(1, array(1)),
                Tuple.of(1, scalar()),
                Tuple.of(1, notJson()));
        return Combinators.combine(text, damage()).as((t, damage) -> damage.apply(t.getBytes(UTF_8)))
                .injectNull(0.02)
                .map(Value::new);
    }

    /** What the API writes: distinct known keys with plain strings or integers, around an event_type. */
    static Arbitrary<String> usualEvent() {
        Arbitrary<Tuple.Tuple2<String, String>> member = Combinators.combine(Arbitraries.of(KNOWN), usualValue()).as(Tuple::of);
        Arbitrary<String> eventType = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("default", "purchase_sword", "purchase_item", "join_guild", "open_chest")),
                Tuple.of(1, Arbitraries.of("", "rm -rf /", "a.b-c_d", "x".repeat(64), "x".repeat(65), "[x]", "{}", "[]", "\\u00e9v")));
        return Combinators.combine(member.list().ofMaxSize(8).uniqueElements(Tuple.Tuple2::get1), eventType,
                        Arbitraries.integers().between(0, 8), Arbitraries.of(true, true, true, false), ws(), ws())
                .as((members, type, at, withType, a, b) -> {
                    List<String> written = new ArrayList<>();
                    for (Tuple.Tuple2<String, String> m : members) {
                        if (!m.get1().equals("event_type")) {
                            written.add(quoted(m.get1()) + a + ":" + b + m.get2());
                        }
                    }
                    if (withType) {
                        written.add(Math.min(at, written.size()), "\"event_type\"" + b + ":" + a + quoted(type));
                    }
                    return "{" + a + String.join(b + "," + a, written) + b + "}";
                });
    }

    /** The values the API writes: plain ASCII strings (some starting with a bracket) and integers. */
    static Arbitrary<String> usualValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().withCharRange(' ', '~').excludeChars('"', '\\').ofMaxLength(16).map(RecordParsePathsTest::quoted)),
                Tuple.of(3, Arbitraries.of("localhost:5000", "curl/7.47.0", "*/*", "gzip, deflate", "keep-alive", "sword",
                        "missing", "invalid", "[::1]:5000", "[1]", "[]", "{}", "[\"a\"]", "{x", "").map(RecordParsePathsTest::quoted)),
                Tuple.of(3, Arbitraries.longs().between(-999_999_999_999_999_999L, 999_999_999_999_999_999L).map(String::valueOf)),
                Tuple.of(2, Arbitraries.integers().between(-100, 100).map(String::valueOf)));
    }

    /** Any JSON value, nested to {@code depth}, and some that are not quite JSON. */
    static Arbitrary<String> value(int depth) {
        List<Tuple.Tuple2<Integer, Arbitrary<String>>> choices = new ArrayList<>(List.of(
                Tuple.of(10, usualValue()),
                Tuple.of(6, jsonString()),
                Tuple.of(4, number()),
                Tuple.of(2, Arbitraries.of("true", "false", "null")),
                Tuple.of(1, Arbitraries.of("TRUE", "nul", "", "'a'", "a"))));
        if (depth > 0) {
            choices.add(Tuple.of(2, Arbitraries.lazy(() -> object(depth - 1))));
            choices.add(Tuple.of(2, Arbitraries.lazy(() -> array(depth - 1))));
        }
        return Arbitraries.frequencyOf(choices.toArray(Tuple.Tuple2[]::new));
    }

    /** An object of any keys (known ones often, so repeated too) and any values. */
    static Arbitrary<String> object(int depth) {
        Arbitrary<String> member = Combinators.combine(key(), ws(), ws(), value(depth)).as((k, a, b, v) -> k + a + ":" + b + v);
        return Combinators.combine(member.list().ofMaxSize(7), ws(), ws())
                .as((members, a, b) -> "{" + a + String.join(b + "," + a, members) + b + "}");
    }

    static Arbitrary<String> array(int depth) {
        return Combinators.combine(value(depth).list().ofMaxSize(4), ws())
                .as((values, a) -> "[" + a + String.join("," + a, values) + "]");
    }

    static Arbitrary<String> key() {
        return Arbitraries.frequencyOf(
                Tuple.of(16, Arbitraries.of(KNOWN).map(RecordParsePathsTest::quoted)),
                Tuple.of(6, Arbitraries.strings().alpha().numeric().withChars('-', '_', '.').ofMinLength(1).ofMaxLength(10)
                        .map(RecordParsePathsTest::quoted)),
                // the same key for Jackson, not for a byte comparison; and one that differs only in case
                Tuple.of(2, Arbitraries.of(KNOWN).map(k -> quoted(String.format("\\u%04x", (int) k.charAt(0)) + k.substring(1)))),
                Tuple.of(2, Arbitraries.of(KNOWN).map(k -> quoted(k.toUpperCase(java.util.Locale.ROOT)))),
                Tuple.of(2, jsonString()),
                // Spark's JSON reader takes single quotes; unquoted names it does not
                Tuple.of(2, Arbitraries.of(KNOWN).map(k -> "'" + k + "'")),
                Tuple.of(1, Arbitraries.of("\"\"", "''", "'x'", "event_type", "\"event_type", "1")));
    }

    /** A JSON string with escapes (valid and not), raw unicode and raw control characters among plain text. */
    static Arbitrary<String> jsonString() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.strings().withCharRange(' ', '~').excludeChars('"', '\\').ofMaxLength(6)),
                Tuple.of(6, Arbitraries.of("\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00e9",
                        "\\u4e2d", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud800", "\\udc00", "\\u0000", "\\u001f", "\\u007b")),
                Tuple.of(6, Arbitraries.of("é", "中", "😀", "\u2028", "\u00a0", "\u007f", "\ufeff", "{", "[", ":", "\\\":")),
                // not JSON: unknown escapes, short unicode escapes, raw control characters
                Tuple.of(1, Arbitraries.of("\\x", "\\u12", "\\'", "\t", "\n", "\u0001", "\u0000")));
        return piece.list().ofMaxSize(5).map(pieces -> quoted(String.join("", pieces)));
    }

    static Arbitrary<String> number() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(2, Combinators.combine(Arbitraries.of("", "-"), Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25))
                        .as((sign, digits) -> sign + digits)),
                Tuple.of(1, Combinators.combine(Arbitraries.doubles(), Arbitraries.of("%s", "%e", "%.3E", "%.0f"))
                        .as((d, format) -> String.format(java.util.Locale.ROOT, format, d))),
                Tuple.of(2, Arbitraries.of("-0", "0", "007", "-007", "00", "1.5", "-1.0", "1e3", "1E+3", "-2.5e-3", "1.", "0.0",
                        ".5", "+1", "-", "1e", "0x10", "NaN", "Infinity", "-Infinity", "1_000", "9223372036854775807",
                        "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "999999999999999999",
                        "1000000000000000000", "-999999999999999999", "2147483648")));
    }

    static Arbitrary<String> scalar() {
        return Arbitraries.oneOf(jsonString(), number(), Arbitraries.of("true", "false", "null", " null "));
    }

    static Arbitrary<String> notJson() {
        return Arbitraries.oneOf(
                Arbitraries.of("not json at all", "", " ", "{", "}", "{\"event_type\"", "{\"event_type\":}", "{,}",
                        "{\"event_type\":\"a\",}", "[", "'x'", "{'event_type':'a'}", "{event_type:\"a\"}",
                        "/* c */ {\"event_type\":\"a\"}", "{\"event_type\":\"a\" // c\n}", "{\"event_type\":\"a\"}{\"item\":1}"),
                Arbitraries.strings().ofMaxLength(20));
    }

    /** JSON whitespace mostly, now and then a character JSON does not count as whitespace. */
    static Arbitrary<String> ws() {
        return Arbitraries.frequencyOf(
                Tuple.of(24, Arbitraries.just("")),
                Tuple.of(12, Arbitraries.just(" ")),
                Tuple.of(4, Arbitraries.of("\t", "\n", "\r\n", "   ")),
                Tuple.of(1, Arbitraries.of("\f", "\u000b", "\u00a0")));
    }

    /** Mostly nothing; else truncation, trailing or leading text, or an invalid UTF-8 byte. */
    static Arbitrary<UnaryOperator<byte[]>> damage() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(UnaryOperator.identity())),
                Tuple.of(2, Arbitraries.doubles().between(0, 1).map(f -> b -> Arrays.copyOf(b, (int) (b.length * f)))),
                Tuple.of(1, Arbitraries.of(" x", "}", ",", " {}", "\n", "null", "]", "\u0000").map(s -> b -> joined(b, s.getBytes(UTF_8)))),
                Tuple.of(1, Arbitraries.of("\ufeff", " \n", "\u00a0", "x").map(s -> b -> joined(s.getBytes(UTF_8), b))),
                Tuple.of(1, Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.of((byte) 0xff, (byte) 0xc3, (byte) 0x80))
                        .as((f, bad) -> b -> {
                            int at = (int) (b.length * f);
                            return joined(joined(Arrays.copyOf(b, at), new byte[] {bad}), Arrays.copyOfRange(b, at, b.length));
                        })));
    }

    private static byte[] joined(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String quoted(String body) {
        return "\"" + body + "\"";
    }
}
