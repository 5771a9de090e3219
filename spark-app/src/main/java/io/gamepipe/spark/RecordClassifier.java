package io.gamepipe.spark;

import static io.gamepipe.spark.EventColumns.KAFKA_COLUMNS;
import static io.gamepipe.spark.EventColumns.KAFKA_KEY;
import static io.gamepipe.spark.EventColumns.KAFKA_OFFSET;
import static io.gamepipe.spark.EventColumns.KAFKA_PARTITION;
import static io.gamepipe.spark.EventColumns.KAFKA_TIMESTAMP;
import static io.gamepipe.spark.EventColumns.KAFKA_TOPIC;
import static io.gamepipe.spark.EventColumns.QUARANTINE_COLUMNS;
import static io.gamepipe.spark.EventColumns.RAW_VALUE;
import static io.gamepipe.spark.EventColumns.REASON;
import static io.gamepipe.spark.EventColumns.column;
import static io.gamepipe.spark.EventColumns.knownFields;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.json_array_length;
import static org.apache.spark.sql.functions.json_object_keys;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.gamepipe.events.EventFields;
import io.gamepipe.events.EventSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns the Kafka source's rows into event rows, with an explicit schema and no inference, and
 * tells the valid events from the records to quarantine.
 *
 * <p>Each record value is read as a JSON object of any keys (a number or a nested value becomes
 * its JSON text): straight into the known fields, by {@link FlatEventScanner#scan} or else
 * {@code from_json} with their schema, and as a {@code map<string,string>} only when it may hold
 * other keys. Every field of {@link EventSchema#FIELDS} becomes a string column of the same name
 * (null when absent); every other key (a new header, a new field) is kept in
 * {@value EventColumns#EXTRA_FIELDS}. A record that cannot be an event gets a
 * {@value EventColumns#REASON} and goes to the quarantine instead.
 */
public final class RecordClassifier {

    /** How the record values are parsed; the rows are the same either way. */
    enum ParsePath {
        /** What the jobs use: the usual record straight to its row, every other one through {@link #FAST}'s expressions. */
        DIRECT,
        /** The byte scan where it can stand in for from_json, the map parse only where needed. */
        FAST,
        /** The reference: from_json into the known fields and into a map for every record. */
        GENERAL
    }

    /** An event type is used as a directory name by land: keep it a short plain name. */
    static final String EVENT_TYPE_PATTERN = "^[A-Za-z0-9_.-]{1,64}$";

    private static final String PARSED = "_parsed";
    private static final String KNOWN = "_known";
    private static final String CORRUPT = "_corrupt";
    private static final String MARKS = "_key_marks";
    private static final String HAS_EXTRAS = "_has_extras";
    private static final String CHEAP_REASON = "_cheap_reason";
    private static final String MAY_NEST = "_may_nest";
    private static final String NOT_AN_OBJECT = "not a JSON object";
    private static final UserDefinedFunction FILTER_BARRIER =
            udf((UDF1<String, String>) reason -> reason, DataTypes.StringType).asNondeterministic();
    private static final MapType ANY_OBJECT = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);
    /** The known fields as strings, plus the raw text of a record the parse could not read as an object. */
    private static final StructType KNOWN_OBJECT = knownObject();
    private static final UserDefinedFunction SCAN =
            udf((UDF1<byte[], Row>) FlatEventScanner::scan, KNOWN_OBJECT);
    private static final UserDefinedFunction KEY_MARKS =
            udf((UDF1<byte[], Integer>) FlatEventScanner::keyMarks, DataTypes.IntegerType);

    private RecordClassifier() {
    }

    /**
     * The Kafka source's rows ({@code key, value, topic, partition, offset, timestamp}) as one row
     * per record: the known fields, {@value EventColumns#EXTRA_FIELDS}, the Kafka coordinates,
     * {@value EventColumns#REASON} and, for quarantined records only, {@value EventColumns#RAW_VALUE}.
     */
    public static Dataset<Row> classify(Dataset<Row> kafkaRows) {
        return classify(kafkaRows, ParsePath.DIRECT);
    }

    static Dataset<Row> classify(Dataset<Row> kafkaRows, ParsePath path) {
        if (path == ParsePath.DIRECT) {
            return DirectClassifier.classify(kafkaRows, () -> sqlForm(kafkaRows.sparkSession(), kafkaRows.schema()),
                    new RecordCounts(kafkaRows.sparkSession()));
        }
        Column structParse = from_json(col(RAW_VALUE), KNOWN_OBJECT, Map.of("columnNameOfCorruptRecord", CORRUPT));
        Dataset<Row> read = kafkaRows.select(
                col("value"),
                col("value").cast(DataTypes.StringType).as(RAW_VALUE),
                col("key").cast(DataTypes.StringType).as(KAFKA_KEY),
                col("topic").as(KAFKA_TOPIC),
                col("partition").as(KAFKA_PARTITION),
                col("offset").as(KAFKA_OFFSET),
                col("timestamp").as(KAFKA_TIMESTAMP));
        Dataset<Row> parsed = switch (path) {
            // Straight into the known columns; the map parse only where the screen below asks for it.
            case FAST -> screened(read
                    .withColumn(MARKS, KEY_MARKS.apply(col("value")))
                    .withColumn(KNOWN, coalesce(SCAN.apply(col("value")), structParse)));
            case GENERAL, DIRECT -> read
                    .withColumn(KNOWN, structParse)
                    .withColumn(PARSED, from_json(col(RAW_VALUE), ANY_OBJECT));
        };
        return checked(withFields(parsed.drop("value")));
    }

    /** The SQL form of the classification on no records of {@code kafkaSchema}: what the one pass evaluates and gives. */
    private static Dataset<Row> sqlForm(SparkSession spark, StructType kafkaSchema) {
        return classify(spark.createDataFrame(List.of(), kafkaSchema), ParsePath.FAST);
    }

    /**
     * {@link #classify} for a job that reads the topic: the SQL form is built on another thread from
     * now on, while the job plans its read of the topic (on a cold JVM the form takes about 0.4 s,
     * the planning of a Kafka read 0.7 s), and once for all the job's batches. {@code kafkaSchema}
     * (the Kafka source's columns) is asked for on that thread too.
     */
    public static Ahead ahead(SparkSession spark, Supplier<StructType> kafkaSchema) {
        return new Ahead(CompletableFuture.supplyAsync(() -> {
            StructType schema = kafkaSchema.get();
            return new SqlForm(schema, sqlForm(spark, schema));
        }, RecordClassifier::startThread));
    }

    /** A thread of its own, which inherits the caller's class loader and active Spark session (a pool's would not). */
    private static void startThread(Runnable work) {
        Thread thread = new Thread(work, "gamepipe-classification-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    private record SqlForm(StructType kafkaSchema, Dataset<Row> rows) {
    }

    /** See {@link #ahead}. */
    public static final class Ahead {
        private final CompletableFuture<SqlForm> sqlForm;

        private Ahead(CompletableFuture<SqlForm> sqlForm) {
            this.sqlForm = sqlForm;
        }

        /** {@link RecordClassifier#classify}, every record classified added to {@code counts}. */
        Dataset<Row> classify(Dataset<Row> kafkaRows, RecordCounts counts) {
            return DirectClassifier.classify(kafkaRows, () -> {
                SqlForm form;
                try {
                    form = sqlForm.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
                // Made for the Kafka source's schema, which every read of the topic has.
                return form.kafkaSchema().equals(kafkaRows.schema()) ? form.rows()
                        : sqlForm(kafkaRows.sparkSession(), kafkaRows.schema());
            }, counts);
        }
    }

    /** The valid events of {@link #classify}'s result. */
    public static Dataset<Row> valid(Dataset<Row> classified) {
        return classified.filter(col(REASON).isNull());
    }

    /** The quarantined records of {@link #classify}'s result, with the quarantine's columns. */
    public static Dataset<Row> quarantined(Dataset<Row> classified) {
        return classified.filter(col(REASON).isNotNull()).select(EventColumns.columns(QUARANTINE_COLUMNS));
    }

    /**
     * The map parse ({@value #PARSED}), only for records the struct parse cannot stand in for:
     * not an object, malformed, or maybe holding a key outside the known fields (or a known one
     * twice, or one set to null). A record whose key marks equal its known non-null fields has
     * exactly those keys, so the map parse would give the same values and no extra field.
     */
    private static Dataset<Row> screened(Dataset<Row> read) {
        Column needsMap = col(KNOWN).isNull().or(col(KNOWN).getField(CORRUPT).isNotNull())
                .or(col(MARKS).notEqual(knownPresent()));
        // An empty map for the others: not null (an object) and no extra field, as the map parse would say.
        return read.withColumn(PARSED, when(needsMap, from_json(col(RAW_VALUE), ANY_OBJECT))
                .otherwise(map().cast(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType)))).drop(MARKS);
    }

    /** How many known fields the struct parse found with a value. */
    private static Column knownPresent() {
        Column present = lit(0);
        for (String field : knownFields()) {
            present = present.plus(when(col(KNOWN).getField(field).isNotNull(), 1).otherwise(0));
        }
        return present;
    }

    /**
     * The known fields and the cheap checks, in a projection Spark compiles (whole-stage codegen):
     * it holds no expression that only interprets (JSON functions, lambdas).
     */
    private static Dataset<Row> withFields(Dataset<Row> parsed) {
        List<Column> columns = new ArrayList<>(List.of(col(RAW_VALUE), col(PARSED)));
        for (String column : KAFKA_COLUMNS) {
            columns.add(col(column));
        }
        for (String field : knownFields()) {
            columns.add(col(KNOWN).getField(field).as(field));
        }
        // Where the map parse succeeded, the struct parse holds the same known values.
        columns.add(size(col(PARSED)).gt(knownPresent()).as(HAS_EXTRAS));
        columns.add(cheapReason().as(CHEAP_REASON));
        // A nested value is parsed into its JSON text: only a known field starting with a bracket
        // needs the exact (interpreted) check, which spares it for nearly every record.
        Column mayNest = lit(false);
        for (String field : knownFields()) {
            if (!field.equals(EventFields.EVENT_TYPE)) {
                Column value = col(KNOWN).getField(field);
                mayNest = mayNest.or(value.startsWith("{")).or(value.startsWith("["));
            }
        }
        columns.add(mayNest.as(MAY_NEST));
        return parsed.select(columns.toArray(Column[]::new));
    }

    /** The rest: extra fields and the exact checks, evaluated only for the few records that need them. */
    private static Dataset<Row> checked(Dataset<Row> withFields) {
        List<Column> columns = new ArrayList<>();
        for (String field : knownFields()) {
            columns.add(column(field));
        }
        Object[] known = knownFields().toArray();
        columns.add(when(col(HAS_EXTRAS), map_filter(col(PARSED), (key, value) -> not(key.isin(known))))
                .as(EventColumns.EXTRA_FIELDS));
        for (String column : KAFKA_COLUMNS) {
            columns.add(col(column));
        }
        Column reason = when(col(CHEAP_REASON).equalTo(NOT_AN_OBJECT), notAnObject())
                .when(col(CHEAP_REASON).isNotNull(), col(CHEAP_REASON))
                .when(col(MAY_NEST), nestedFieldReason());
        // Nondeterministic on purpose: the optimizer may then not push the valid/quarantined filter
        // below this projection, where it would inline the parse once per field it references.
        columns.add(FILTER_BARRIER.apply(reason).as(REASON));
        columns.add(col(RAW_VALUE));
        return withFields.select(columns.toArray(Column[]::new));
    }

    /** The checks that need no JSON function: no value, not an object, no or a bad event_type. */
    private static Column cheapReason() {
        Column eventType = col(KNOWN).getField(EventFields.EVENT_TYPE);
        return when(col(RAW_VALUE).isNull(), lit("empty record: no value"))
                .when(col(PARSED).isNull(), lit(NOT_AN_OBJECT))
                .when(eventType.isNull(), lit("no event_type"))
                .when(eventType.startsWith("{").or(eventType.startsWith("[")),
                        lit("wrong type: event_type is a JSON object or array, not a string"))
                .when(not(eventType.rlike(EVENT_TYPE_PATTERN)),
                        lit("event_type is not a name of 1 to 64 letters, digits, '_', '-' or '.'"));
    }

    /** The first known field that holds a JSON object or array, as a reason; null when none does. */
    private static Column nestedFieldReason() {
        Column reason = null;
        for (String field : knownFields()) {
            if (!field.equals(EventFields.EVENT_TYPE)) {
                Column check = nested(column(field));
                Column message = lit("wrong type: " + field + " is a JSON object or array, not a "
                        + (field.equals(EventFields.GUILD_ID) ? "number or string" : "string"));
                reason = reason == null ? when(check, message) : reason.when(check, message);
            }
        }
        return reason;
    }

    private static StructType knownObject() {
        List<StructField> fields = new ArrayList<>();
        for (String field : knownFields()) {
            fields.add(DataTypes.createStructField(field, DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    /** Tells a JSON value that is not an object from text that is not JSON at all. */
    private static Column notAnObject() {
        Column isArray = json_array_length(col(RAW_VALUE)).isNotNull();
        Column isScalar = get_json_object(col(RAW_VALUE), "$").isNotNull()
                .or(trim(col(RAW_VALUE)).equalTo("null"));
        return when(isArray, lit("not a JSON object: a JSON array"))
                .when(isScalar, lit("not a JSON object: a JSON scalar"))
                .otherwise(lit("not valid JSON"));
    }

    /**
     * Whether a parsed field value is a JSON object or array. The map parse turns both into their
     * JSON text; a string value that merely starts with a bracket (an IPv6 {@code Host}) is not
     * valid JSON text and stays a string.
     */
    private static Column nested(Column value) {
        Column first = substring(value, 1, 1);
        return first.isin("{", "[").and(json_object_keys(value).isNotNull().or(json_array_length(value).isNotNull()));
    }
}
