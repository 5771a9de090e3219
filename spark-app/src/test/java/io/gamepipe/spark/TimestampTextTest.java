package io.gamepipe.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.udf;
import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.spark.testing.SparkTesting;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@link TimestampText} gives exactly the text of Spark's {@code cast(timestamp as string)} in the
 * session's time zone: on generated timestamps (any microsecond, whole milliseconds and seconds,
 * fractions with trailing zeros, around second to year boundaries and the zone's offset changes,
 * before 1970, in the years 0001 and 9999, null), in zones with and without daylight saving and with
 * offsets that are not whole hours, with whole-stage code generation and interpreted.
 */
class TimestampTextTest {

    /** UTC; daylight saving; a half-hour offset; a half-hour daylight saving; offsets of minutes and seconds before 1940. */
    static final List<String> ZONES = List.of("UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Amsterdam");
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long FIRST_MICROS = micros(Instant.parse("0001-01-01T00:00:00Z"));
    private static final long LAST_MICROS = micros(Instant.parse("9999-12-31T23:59:59.999999Z"));
    private static final int MAX_BATCH = 300;

    /** The timestamps (microseconds, null for none) the next run of a plan reads; the plans are built once. */
    private static final AtomicReference<List<Long>> BATCH = new AtomicReference<>(List.of());

    private static Path tempDir;
    private static SparkSession spark;
    /** For each zone and code path: {@code new_text, cast_text, micros} of each timestamp of the batch. */
    private static final Map<String, Dataset<Row>> PLANS = new HashMap<>();

    @BeforeContainer
    static void startSpark() {
        tempDir = SparkTesting.tempDir();
        spark = SparkTesting.session(tempDir);
        for (String zone : ZONES) {
            for (boolean generated : new boolean[] {true, false}) {
                SparkSession session = spark.newSession();
                session.conf().set("spark.sql.session.timeZone", zone);
                if (!generated) {
                    session.conf().set("spark.sql.codegen.wholeStage", "false");
                    session.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
                }
                PLANS.put(planKey(zone, generated), bothTexts(session));
            }
        }
    }

    @AfterContainer
    static void stopSpark() {
        SparkTesting.stop(spark, tempDir);
        spark = null;
        PLANS.clear();
    }

    private static String planKey(String zone, boolean generated) {
        return zone + (generated ? " generated" : " interpreted");
    }

    /**
     * The batch's timestamps as a timestamp column, over two partitions (two tasks at once, as in the
     * jobs), and their text both ways.
     */
    private static Dataset<Row> bothTexts(SparkSession session) {
        UserDefinedFunction inBatch = udf((UDF1<Long, Boolean>) id -> id < BATCH.get().size(), DataTypes.BooleanType)
                .asNondeterministic();
        UserDefinedFunction micros = udf((UDF1<Long, Long>) id -> BATCH.get().get(id.intValue()), DataTypes.LongType)
                .asNondeterministic();
        Dataset<Row> timestamps = session.range(0, MAX_BATCH, 1, 2).filter(inBatch.apply(col("id")))
                .select(col("id"), timestamp_micros(micros.apply(col("id"))).as("ts"));
        return timestamps.select(
                TimestampText.of(col("ts"), session).as("new_text"),
                col("ts").cast(DataTypes.StringType).as("cast_text"),
                col("id"));
    }

    private static List<Row> run(String zone, boolean generated, List<Long> batch) {
        BATCH.set(batch);
        List<Row> rows = new ArrayList<>(PLANS.get(planKey(zone, generated)).collectAsList());
        rows.sort((a, b) -> Long.compare(a.getLong(2), b.getLong(2)));
        return rows;
    }

    private static void assertSameTexts(String zone, boolean generated, List<Long> batch) {
        List<Row> rows = run(zone, generated, batch);
        assertThat(rows).hasSize(batch.size());
        for (Row row : rows) {
            Long micros = batch.get((int) row.getLong(2));
            assertThat(row.getString(0)).as("%s (%s) in %s", micros, micros == null ? "null" : instant(micros), planKey(zone, generated))
                    .isEqualTo(row.getString(1));
        }
    }

    /** 300 tries of 1 to 300 timestamps, one Spark job each. */
    @Property(tries = 300)
    void theTextIsTheCastsText(@ForAll("cases") Case tried) {
        assertSameTexts(tried.zone(), tried.generated(), tried.micros());
        Statistics.label("zone").collect(tried.zone());
        Statistics.label("code").collect(tried.generated() ? "generated" : "interpreted");
        // Each zone a fifth of the tries on average; 5% (15 tries) still proves every zone is exercised,
        // where 10% failed once in a clean run (9.7% for one zone).
        Statistics.label("zone").coverage(c -> ZONES.forEach(zone -> c.check(zone).percentage(p -> p > 5)));
    }

    /** What the original printed, by hand: the cast's text is not taken on trust here. */
    @Example
    void knownTexts() {
        List<Long> batch = Arrays.asList(
                micros(Instant.parse("2017-07-14T02:40:00.123Z")),
                micros(Instant.parse("2017-07-14T02:40:00Z")),
                micros(Instant.parse("2017-07-14T02:40:00.100Z")),
                micros(Instant.parse("2017-07-14T02:40:00.000001Z")),
                micros(Instant.parse("2017-07-14T02:40:00.120300Z")),
                -1L,
                FIRST_MICROS,
                LAST_MICROS,
                null);
        for (boolean generated : new boolean[] {true, false}) {
            assertThat(run("UTC", generated, batch)).extracting(row -> row.getString(0)).containsExactly(
                    "2017-07-14 02:40:00.123",
                    "2017-07-14 02:40:00",
                    "2017-07-14 02:40:00.1",
                    "2017-07-14 02:40:00.000001",
                    "2017-07-14 02:40:00.1203",
                    "1969-12-31 23:59:59.999999",
                    "0001-01-01 00:00:00",
                    "9999-12-31 23:59:59.999999",
                    null);
            assertThat(run("Asia/Kolkata", generated, batch.subList(0, 1))).extracting(row -> row.getString(0))
                    .containsExactly("2017-07-14 08:10:00.123");
        }
    }

    /** The ends of what a long holds, where the whole second no longer fits in one. */
    @Example
    void theEndsOfTheLongRange() {
        List<Long> batch = List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE + MICROS_PER_SECOND,
                Long.MAX_VALUE, Long.MAX_VALUE - 1);
        for (String zone : ZONES) {
            assertSameTexts(zone, true, batch);
            assertSameTexts(zone, false, batch);
        }
    }

    /** One thread repeating a timestamp, then a second, then going back: the cache never answers for another. */
    @Example
    void repeatsAndReturns() {
        long second = micros(Instant.parse("2026-03-08T06:59:59Z"));
        List<Long> batch = List.of(second + 5_000, second + 5_000, second, second + 5_000, second + MICROS_PER_SECOND,
                second + MICROS_PER_SECOND, second + 5_000, second - 1, second);
        for (String zone : ZONES) {
            assertSameTexts(zone, true, batch);
        }
    }

    /** The column keeps the projection in whole-stage code generation (a starred node in the plan). */
    @Example
    void theProjectionStaysInGeneratedCode() {
        BATCH.set(List.of(0L));
        String plan = PLANS.get(planKey("UTC", true)).queryExecution().executedPlan().toString();
        assertThat(plan).containsPattern("\\*\\(\\d+\\) Project \\[staticinvoke\\(class io\\.gamepipe\\.spark\\.TimestampText, StringType, format, TimestampText\\(UTC\\)");
    }

    record Case(String zone, boolean generated, List<Long> micros) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.of(ZONES), Arbitraries.of(true, false)).flatAs((zone, generated) ->
                batch(ZoneId.of(zone)).map(micros -> new Case(zone, generated, micros)));
    }

    /** Independent timestamps, then a run of close ones (a producer's burst: repeated seconds and milliseconds). */
    static Arbitrary<List<Long>> batch(ZoneId zone) {
        Arbitrary<List<Long>> independent = timestamp(zone).injectNull(0.03).list().ofMaxSize(MAX_BATCH / 2);
        Arbitrary<List<Long>> burst = Combinators.combine(timestamp(zone),
                Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)), Tuple.of(1, Arbitraries.longs().between(0, 400_000)))
                        .list().ofMaxSize(MAX_BATCH / 2 - 1),
                Arbitraries.of(1L, 1_000L)).as((start, steps, unit) -> {
                    // Steps of microseconds or of whole milliseconds (Kafka's timestamps), often none.
                    List<Long> run = new ArrayList<>(List.of(start));
                    long at = start;
                    for (long step : steps) {
                        at += step / unit * unit;
                        run.add(at);
                    }
                    return run;
                });
        return Combinators.combine(independent, burst).as((a, b) -> {
            List<Long> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        });
    }

    static Arbitrary<Long> timestamp(ZoneId zone) {
        Arbitrary<Long> anyMicros = Arbitraries.longs().between(FIRST_MICROS, LAST_MICROS);
        Arbitrary<Long> recent = Arbitraries.longs().between(micros(Instant.parse("1900-01-01T00:00:00Z")),
                micros(Instant.parse("2100-01-01T00:00:00Z")));
        return Arbitraries.frequencyOf(
                Tuple.of(2, anyMicros),
                Tuple.of(2, recent),
                Tuple.of(2, recent.map(m -> Math.floorDiv(m, 1000) * 1000)),
                Tuple.of(1, anyMicros.map(m -> Math.floorDiv(m, 1000) * 1000)),
                Tuple.of(2, anyMicros.map(m -> Math.floorDiv(m, MICROS_PER_SECOND) * MICROS_PER_SECOND)),
                Tuple.of(2, trailingZeros(anyMicros)),
                Tuple.of(4, nearBoundary(zone)),
                Tuple.of(2, nearOffsetChange(zone, recent)));
    }

    /** A fraction of 1 to 5 significant digits followed by zeros. */
    static Arbitrary<Long> trailingZeros(Arbitrary<Long> micros) {
        return Combinators.combine(micros, Arbitraries.integers().between(1, 5), Arbitraries.integers().between(1, 99_999))
                .as((m, zeros, digits) -> {
                    long scale = (long) Math.pow(10, zeros);
                    return Math.floorDiv(m, MICROS_PER_SECOND) * MICROS_PER_SECOND + digits % (MICROS_PER_SECOND / scale) * scale;
                });
    }

    /** The start of a minute, hour, day, month or year in the zone, of any year, then a little before or after. */
    static Arbitrary<Long> nearBoundary(ZoneId zone) {
        Arbitrary<Integer> year = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, 9999)),
                Tuple.of(3, Arbitraries.of(1, 2, 1582, 1583, 1899, 1900, 1969, 1970, 2000, 2024, 2026, 9998, 9999)));
        Arbitrary<ChronoUnit> unit = Arbitraries.of(ChronoUnit.MINUTES, ChronoUnit.HOURS, ChronoUnit.DAYS, ChronoUnit.MONTHS,
                ChronoUnit.YEARS);
        Arbitrary<LocalDateTime> start = Combinators.combine(year, Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(1, 28), Arbitraries.integers().between(0, 23),
                Arbitraries.integers().between(0, 59), unit).as((y, month, day, hour, minute, u) -> switch (u) {
                    case MINUTES -> LocalDateTime.of(y, month, day, hour, minute);
                    case HOURS -> LocalDateTime.of(y, month, day, hour, 0);
                    case DAYS -> LocalDateTime.of(y, month, day, 0, 0);
                    case MONTHS -> LocalDateTime.of(y, month, 1, 0, 0);
                    default -> LocalDateTime.of(y, 1, 1, 0, 0);
                });
        return Combinators.combine(start, delta()).as((s, d) -> micros(s.atZone(zone).toInstant()) + d);
    }

    /** A change of the zone's offset (daylight saving, a new standard time) between 1900 and 2100, give or take a little. */
    static Arbitrary<Long> nearOffsetChange(ZoneId zone, Arbitrary<Long> recent) {
        return Combinators.combine(recent, delta()).as((m, d) -> {
            ZoneOffsetTransition change = zone.getRules().nextTransition(instant(m));
            return (change == null ? m : micros(change.getInstant())) + d;
        });
    }

    static Arbitrary<Long> delta() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(0L, 1L, -1L, 999L, -999L, 1_000L, -1_000L, 1_001L, -1_001L, 100_000L,
                        -100_000L, 999_999L, -999_999L, 1_000_000L, -1_000_000L, 1_000_001L, -1_000_001L)),
                Tuple.of(1, Arbitraries.longs().between(-2 * MICROS_PER_SECOND, 2 * MICROS_PER_SECOND)));
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
    }
}
