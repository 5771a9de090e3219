package io.gamepipe.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.gamepipe.events.EventFields;
import io.gamepipe.events.EventSchema;
import io.gamepipe.events.EventType;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The columns of the event rows {@link RecordClassifier} makes and the jobs write: their names,
 * the original's column order, and the columns derived from the event type ({@code parameter},
 * the dataset an event goes to).
 */
public final class EventColumns {

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

    /** The Kafka record's coordinates every classified row carries. */
    public static final List<String> KAFKA_COLUMNS = List.of(KAFKA_KEY, KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP);

    /** The columns of the quarantine datasets. */
    public static final List<String> QUARANTINE_COLUMNS = List.of(
            RAW_VALUE, REASON, KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP, KAFKA_KEY);

    private EventColumns() {
    }

    /** The names of the known fields, in the contract's order: each is a string column of the same name. */
    public static List<String> knownFields() {
        return EventSchema.FIELDS.stream().map(EventSchema.Field::name).toList();
    }

    /** {@code col(name)} for each name; names with {@code -} need no quoting this way. */
    public static Column[] columns(List<String> names) {
        return names.stream().map(EventColumns::column).toArray(Column[]::new);
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
            Column value = type.parameterField().map(EventColumns::column).orElse(lit(null).cast(DataTypes.StringType));
            parameter = parameter == null
                    ? when(col(EventFields.EVENT_TYPE).equalTo(type.wireName()), value)
                    : parameter.when(col(EventFields.EVENT_TYPE).equalTo(type.wireName()), value);
        }
        // A type without a mapping keeps whichever known parameter it carries.
        return parameter.otherwise(coalesce(column(EventFields.ITEM), column(EventFields.GUILD_ID)));
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
}
