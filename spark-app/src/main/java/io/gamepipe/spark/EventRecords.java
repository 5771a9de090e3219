package io.gamepipe.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import io.gamepipe.events.EventFields;
import io.gamepipe.events.EventSchema;
import io.gamepipe.events.EventType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns the Kafka source's rows into event rows, with an explicit schema and no inference.
 *
 * <p>Each record value is read as a JSON object of any keys (a number or a nested value becomes
 * its JSON text): straight into the known fields, by {@link #flatKnown} or else {@code from_json}
 * with their schema, and as a {@code map<string,string>} only when it may hold other keys. Every field
 * of {@link EventSchema#FIELDS} becomes a string column of the same name (null when absent);
 * every other key (a new header, a new field) is kept in {@value #EXTRA_FIELDS}. A record that
 * cannot be an event gets a {@value #REASON} and goes to the quarantine instead.
 */
public final class EventRecords {

    /** Unknown top-level fields, as {@code map<string,string>} (JSON text for non-strings); null when there are none. */
    public static final String EXTRA_FIELDS = "extra_fields";
    /** Why a record is quarantined; null for a valid event. */
    public static final String REASON = "reason";
    public static final String RAW_VALUE = "raw_value";
    public static final String KAFKA_KEY = "kafka_key";
    public static final String KAFKA_TOPIC = "kafka_topic";
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String KAFKA_TIMESTAMP = "kafka_timestamp";

    /** The columns of the quarantine datasets. */
    public static final List<String> QUARANTINE_COLUMNS = List.of(
            RAW_VALUE, REASON, KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP, KAFKA_KEY);

    /** An event type is used as a directory name by land: keep it a short plain name. */
    static final String EVENT_TYPE_PATTERN = "^[A-Za-z0-9_.-]{1,64}$";

    private static final String PARSED = "_parsed";
    private static final String KNOWN = "_known";
    private static final String CORRUPT = "_corrupt";
    private static final String MARKS = "_key_marks";
    private static final UserDefinedFunction FILTER_BARRIER =
            udf((UDF1<String, String>) reason -> reason, DataTypes.StringType).asNondeterministic();
    private static final String HAS_EXTRAS = "_has_extras";
    private static final String CHEAP_REASON = "_cheap_reason";
    private static final String MAY_NEST = "_may_nest";
    private static final String NOT_AN_OBJECT = "not a JSON object";
    private static final List<String> KAFKA_COLUMNS = List.of(KAFKA_KEY, KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP);
    private static final MapType ANY_OBJECT = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);
    /** The known fields as strings, plus the raw text of a record the parse could not read as an object. */
    private static final StructType KNOWN_OBJECT = knownObject();
    private static final UserDefinedFunction FLAT_KNOWN =
            udf((UDF1<byte[], Row>) EventRecords::flatKnown, KNOWN_OBJECT);
    private static final byte[][] KNOWN_NAMES = knownFields().stream()
            .map(f -> f.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    private static final UserDefinedFunction KEY_MARKS =
            udf((UDF1<byte[], Integer>) EventRecords::keyMarks, DataTypes.IntegerType);

    private EventRecords() {
    }

    /** The names of the known fields, in the contract's order. */
    public static List<String> knownFields() {
        return EventSchema.FIELDS.stream().map(EventSchema.Field::name).toList();
    }

    /**
     * The Kafka source's rows ({@code key, value, topic, partition, offset, timestamp}) as one row
     * per record: the known fields, {@value #EXTRA_FIELDS}, the Kafka coordinates,
     * {@value #REASON} and, for quarantined records only, {@value #RAW_VALUE}.
     */
    public static Dataset<Row> classify(Dataset<Row> kafkaRows) {
        // Straight into the known columns; the map parse only where the screen below asks for it.
        Dataset<Row> read = kafkaRows.select(
                col("value"),
                col("value").cast("string").as(RAW_VALUE),
                KEY_MARKS.apply(col("value")).as(MARKS),
                col("key").cast("string").as(KAFKA_KEY),
                col("topic").as(KAFKA_TOPIC),
                col("partition").as(KAFKA_PARTITION),
                col("offset").as(KAFKA_OFFSET),
                col("timestamp").as(KAFKA_TIMESTAMP))
                .withColumn(KNOWN, coalesce(FLAT_KNOWN.apply(col("value")),
                        from_json(col(RAW_VALUE), KNOWN_OBJECT, Map.of("columnNameOfCorruptRecord", CORRUPT))));
        return checked(withFields(screened(read.drop("value"))));
    }

    /**
     * The map parse ({@value #PARSED}), only for records the struct parse cannot stand in for:
     * not an object, malformed, or maybe holding a key outside the known fields (or a known one
     * twice, or one set to null). A record whose key marks equal its known non-null fields has
     * exactly those keys, so the map parse would give the same values and no extra field.
     */
    private static Dataset<Row> screened(Dataset<Row> read) {
        Column knownPresent = lit(0);
        for (String field : knownFields()) {
            knownPresent = knownPresent.plus(when(col(KNOWN).getField(field).isNotNull(), 1).otherwise(0));
        }
        Column needsMap = col(KNOWN).isNull().or(col(KNOWN).getField(CORRUPT).isNotNull())
                .or(col(MARKS).notEqual(knownPresent));
        // An empty map for the others: not null (an object) and no extra field, as the map parse would say.
        return read.withColumn(PARSED, when(needsMap, from_json(col(RAW_VALUE), ANY_OBJECT))
                .otherwise(expr("cast(map() as map<string,string>)"))).drop(MARKS);
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
        // Where the map parse succeeded, the struct parse holds the same known values.
        Column knownPresent = lit(0);
        for (String field : knownFields()) {
            Column value = col(KNOWN).getField(field);
            columns.add(value.as(field));
            knownPresent = knownPresent.plus(when(value.isNotNull(), 1).otherwise(0));
        }
        columns.add(expr("size(" + PARSED + ")").gt(knownPresent).as(HAS_EXTRAS));
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
        String knownList = knownFields().stream().map(f -> "'" + f + "'").collect(Collectors.joining(", "));
        columns.add(when(col(HAS_EXTRAS),
                expr("map_filter(" + PARSED + ", (k, v) -> NOT array_contains(array(" + knownList + "), k))")).as(EXTRA_FIELDS));
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

    /** The valid events of {@link #classify}'s result. */
    public static Dataset<Row> valid(Dataset<Row> classified) {
        return classified.filter(col(REASON).isNull());
    }

    /** The quarantined records of {@link #classify}'s result, with the quarantine's columns. */
    public static Dataset<Row> quarantined(Dataset<Row> classified) {
        return classified.filter(col(REASON).isNotNull()).select(columns(QUARANTINE_COLUMNS));
    }

    /** {@code col(name)} for each name; names with {@code -} need no quoting this way. */
    public static Column[] columns(List<String> names) {
        return names.stream().map(EventRecords::column).toArray(Column[]::new);
    }

    /** A column by its exact name, even one with a dot or a hyphen in it. */
    public static Column column(String name) {
        return col("`" + name + "`");
    }

    /** The names sorted like the original's tables: PySpark's {@code Row(**fields)} sorted them (upper case first). */
    public static List<String> sortedLikeOriginal(List<String> names) {
        String[] sorted = names.toArray(String[]::new);
        Arrays.sort(sorted);
        return List.of(sorted);
    }

    /** {@code parameter}: the per-type parameter field of {@link EventType}, collapsed into one column. */
    public static Column parameter() {
        Column parameter = null;
        for (EventType type : EventType.values()) {
            Column value = type.parameterField().map(EventRecords::column).orElse(lit(null).cast("string"));
            parameter = parameter == null
                    ? when(col(EventFields.EVENT_TYPE).equalTo(type.wireName()), value)
                    : parameter.when(col(EventFields.EVENT_TYPE).equalTo(type.wireName()), value);
        }
        // A type without a mapping keeps whichever known parameter it carries.
        return parameter.otherwise(expr("coalesce(" + EventFields.ITEM + ", " + EventFields.GUILD_ID + ")"));
    }

    /** The dataset each event goes to: {@link EventType#datasetFor(String)} as a column. */
    public static Column dataset() {
        Column dataset = null;
        for (EventType type : EventType.values()) {
            dataset = dataset == null
                    ? when(col(EventFields.EVENT_TYPE).equalTo(type.wireName()), lit(type.dataset()))
                    : dataset.when(col(EventFields.EVENT_TYPE).equalTo(type.wireName()), lit(type.dataset()));
        }
        return dataset.otherwise(lit(EventType.UNMAPPED_DATASET));
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

    /**
     * The fast path of the parse, for the usual record: a flat object of known keys only, each
     * once, whose values are plain ASCII strings without escapes or plain integers. For these the
     * values are the bytes between the quotes (or the integer's text), exactly what from_json
     * gives. Anything else (escapes, non-ASCII, floats, null, nesting, unknown or repeated keys,
     * trailing text) returns null and takes from_json's path, so its semantics stay from_json's.
     */
    static Row flatKnown(byte[] v) {
        if (v == null) {
            return null;
        }
        Object[] values = new Object[KNOWN_NAMES.length + 1];
        int n = v.length;
        int i = skipSpace(v, 0);
        if (i >= n || v[i] != '{') {
            return null;
        }
        i = skipSpace(v, i + 1);
        while (true) {
            if (i >= n || v[i] != '"') {
                return null;
            }
            int keyEnd = plainStringEnd(v, i + 1);
            int field = keyEnd < 0 ? -1 : knownIndex(v, i + 1, keyEnd);
            if (field < 0 || values[field] != null) {
                return null;
            }
            i = skipSpace(v, keyEnd + 1);
            if (i >= n || v[i] != ':') {
                return null;
            }
            i = skipSpace(v, i + 1);
            int start;
            int end;
            if (i < n && v[i] == '"') {
                start = i + 1;
                end = plainStringEnd(v, start);
                i = end + 1;
            } else {
                start = i;
                end = integerEnd(v, i);
                i = end;
            }
            if (end < 0) {
                return null;
            }
            values[field] = new String(v, start, end - start, StandardCharsets.US_ASCII);
            i = skipSpace(v, i);
            if (i >= n) {
                return null;
            }
            if (v[i] == '}') {
                return skipSpace(v, i + 1) == n ? RowFactory.create(values) : null;
            }
            if (v[i] != ',') {
                return null;
            }
            i = skipSpace(v, i + 1);
        }
    }

    private static int skipSpace(byte[] v, int i) {
        while (i < v.length && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** The closing quote of a string of printable ASCII without escapes; -1 for any other string. */
    private static int plainStringEnd(byte[] v, int i) {
        for (; i < v.length; i++) {
            byte b = v[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\' || b < 0x20 || b == 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    /** The end of an integer of at most 18 digits written as Jackson writes it back (no -0, no leading 0); else -1. */
    private static int integerEnd(byte[] v, int i) {
        int start = i < v.length && v[i] == '-' ? i + 1 : i;
        int end = start;
        while (end < v.length && v[end] >= '0' && v[end] <= '9') {
            end++;
        }
        int digits = end - start;
        if (digits == 0 || digits > 18 || (v[start] == '0' && (digits > 1 || start > i))) {
            return -1;
        }
        if (end < v.length && (v[end] == '.' || v[end] == 'e' || v[end] == 'E')) {
            return -1;
        }
        return end;
    }

    private static int knownIndex(byte[] v, int start, int end) {
        for (int f = 0; f < KNOWN_NAMES.length; f++) {
            if (Arrays.equals(KNOWN_NAMES[f], 0, KNOWN_NAMES[f].length, v, start, end)) {
                return f;
            }
        }
        return -1;
    }

    /**
     * How many times a {@code "} is followed by optional JSON whitespace and a {@code :}. Every
     * key of an object ends so, nested ones and quotes inside string values may too: it is never
     * less than the number of top-level keys. A byte scan, far cheaper than a second parse.
     */
    static int keyMarks(byte[] value) {
        if (value == null) {
            return 0;
        }
        int marks = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == '"') {
                int j = i + 1;
                while (j < value.length && (value[j] == ' ' || value[j] == '\t' || value[j] == '\n' || value[j] == '\r')) {
                    j++;
                }
                if (j < value.length && value[j] == ':') {
                    marks++;
                }
            }
        }
        return marks;
    }

    private static Column not(Column condition) {
        return org.apache.spark.sql.functions.not(condition);
    }

    /** Tells a JSON value that is not an object from text that is not JSON at all. */
    private static Column notAnObject() {
        Column raw = col(RAW_VALUE);
        Column isArray = expr("json_array_length(" + RAW_VALUE + ")").isNotNull();
        Column isScalar = expr("get_json_object(" + RAW_VALUE + ", '$')").isNotNull()
                .or(expr("trim(" + RAW_VALUE + ")").equalTo("null"));
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
        return first.isin("{", "[").and(
                org.apache.spark.sql.functions.json_object_keys(value).isNotNull()
                        .or(org.apache.spark.sql.functions.json_array_length(value).isNotNull()));
    }

    /** The Kafka source options shared by the batch and the streaming read. */
    public static Map<String, String> sourceOptions(String bootstrapServers, String topic, long minPartitions) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("kafka.bootstrap.servers", bootstrapServers);
        options.put("subscribe", topic);
        options.put("startingOffsets", "earliest");
        // Bigger fetches than the client's 1 MiB: fewer round trips per task on a busy topic.
        options.put("kafka.max.partition.fetch.bytes", Integer.toString(8 * 1024 * 1024));
        options.put("kafka.fetch.max.bytes", Integer.toString(64 * 1024 * 1024));
        if (minPartitions > 0) {
            options.put("minPartitions", Long.toString(minPartitions));
        }
        return options;
    }
}
