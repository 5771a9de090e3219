package io.gamepipe.spark;

import io.gamepipe.events.EventFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.InterpretedMutableProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2ScanExecBase;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Function1;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractPartialFunction;

/**
 * {@link RecordClassifier#classify}'s rows in one pass over the Kafka source's internal rows.
 *
 * <p>Spark runs the SQL form of the classification as several projections (the JSON functions
 * keep most of them out of whole-stage code generation), each copying every row with its raw
 * value. Here the usual record (what {@link FlatEventScanner#scanSpans} takes, with a valid event
 * type and no value that may be nested) becomes its row straight away: its known fields are
 * slices of the value's bytes where the source's row holds them: no string is made, nothing is
 * copied. Every other record goes through the SQL form's own expressions, evaluated on that one
 * record, so that its row (quarantine reason, extra fields) is exactly what the SQL form gives.
 */
final class DirectClassifier implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {

    private static final int MAX_EVENT_TYPE_LENGTH = 64;

    /** The SQL form's projections, bottom first, bound to the Kafka rows and then to each other's output. */
    private final List<Seq<Expression>> generalSteps;
    private final int keyIn;
    private final int valueIn;
    private final int topicIn;
    private final int partitionIn;
    private final int offsetIn;
    private final int timestampIn;
    private final int width;
    private final int[] knownOut;
    private final int eventTypeField;
    private final int keyOut;
    private final int topicOut;
    private final int partitionOut;
    private final int offsetOut;
    private final int timestampOut;
    private final int rawValueOut;
    private final int reasonOut;
    private final RecordCounts counts;

    private DirectClassifier(StructType kafka, StructType classified, List<Seq<Expression>> generalSteps,
            RecordCounts counts) {
        this.generalSteps = generalSteps;
        this.counts = counts;
        keyIn = kafka.fieldIndex("key");
        valueIn = kafka.fieldIndex("value");
        topicIn = kafka.fieldIndex("topic");
        partitionIn = kafka.fieldIndex("partition");
        offsetIn = kafka.fieldIndex("offset");
        timestampIn = kafka.fieldIndex("timestamp");
        width = classified.size();
        List<String> known = EventColumns.knownFields();
        knownOut = known.stream().mapToInt(classified::fieldIndex).toArray();
        eventTypeField = known.indexOf(EventFields.EVENT_TYPE);
        keyOut = classified.fieldIndex(EventColumns.KAFKA_KEY);
        topicOut = classified.fieldIndex(EventColumns.KAFKA_TOPIC);
        partitionOut = classified.fieldIndex(EventColumns.KAFKA_PARTITION);
        offsetOut = classified.fieldIndex(EventColumns.KAFKA_OFFSET);
        timestampOut = classified.fieldIndex(EventColumns.KAFKA_TIMESTAMP);
        rawValueOut = classified.fieldIndex(EventColumns.RAW_VALUE);
        reasonOut = classified.fieldIndex(EventColumns.REASON);
    }

    /**
     * {@code kafkaRows} classified in one pass. {@code sqlForm} gives the SQL form of the classification
     * applied to an empty local relation of the same columns: its projections are what the records
     * that are not usual go through, and its columns those of the result. Every record classified is
     * added to {@code counts}.
     */
    static Dataset<Row> classify(Dataset<Row> kafkaRows, Supplier<Dataset<Row>> sqlForm, RecordCounts counts) {
        // The read's plan first: the form may still be in the making on another thread (RecordClassifier.ahead).
        RDD<InternalRow> records = sourceRows(kafkaRows);
        Dataset<Row> form = sqlForm.get();
        DirectClassifier classifier = new DirectClassifier(kafkaRows.schema(), form.schema(),
                boundSteps(form.queryExecution().analyzed()), counts);
        return kafkaRows.sparkSession().internalCreateDataFrame(
                records.toJavaRDD().mapPartitions(classifier).rdd(), form.schema(), false);
    }

    /**
     * The Kafka source's own rows. Spark plans a row-based DataSource V2 scan with a projection on top
     * that only turns its rows into {@code UnsafeRow}s, copying every record with its value; the Kafka
     * source's rows already are {@code UnsafeRow}s, so when the plan is just that projection over the
     * scan, the scan's rows are taken as they are. Any other plan is executed as planned.
     */
    static RDD<InternalRow> sourceRows(Dataset<Row> kafkaRows) {
        SparkPlan plan = kafkaRows.queryExecution().executedPlan();
        if (plan instanceof WholeStageCodegenExec stage
                && stage.child() instanceof ProjectExec conversion
                && conversion.child() instanceof InputAdapter input
                && input.child() instanceof DataSourceV2ScanExecBase rowScan
                && !rowScan.supportsColumnar()
                && conversion.projectList().equals(input.child().output())) {
            return input.child().execute();
        }
        return kafkaRows.queryExecution().toRdd();
    }

    /** The projections of a plan made only of projections over a local relation, each bound to its input. */
    private static List<Seq<Expression>> boundSteps(LogicalPlan plan) {
        Deque<Seq<Expression>> steps = new ArrayDeque<>();
        LogicalPlan node = plan;
        while (node instanceof Project project) {
            List<Attribute> input = JavaConverters.seqAsJavaList(project.child().output());
            List<Expression> bound = new ArrayList<>();
            for (Object named : JavaConverters.seqAsJavaList(project.projectList())) {
                // A NamedExpression is an Expression; Scala's trait is an interface to Java.
                bound.add(((Expression) named).transform(new BindToInput(input)));
            }
            steps.push(JavaConverters.asScalaBuffer(bound).toList());
            node = project.child();
        }
        if (!(node instanceof LocalRelation)) {
            throw new IllegalStateException("the classification's plan is not projections alone: " + plan);
        }
        return new ArrayList<>(steps);
    }

    /** An attribute as the position of its column in the projection's input. */
    private static final class BindToInput extends AbstractPartialFunction<Expression, Expression> {
        private final List<Attribute> input;

        BindToInput(List<Attribute> input) {
            this.input = input;
        }

        @Override
        public boolean isDefinedAt(Expression expression) {
            return expression instanceof AttributeReference;
        }

        @Override
        public <A1 extends Expression, B1> B1 applyOrElse(A1 expression, Function1<A1, B1> otherwise) {
            if (!(expression instanceof AttributeReference attribute)) {
                return otherwise.apply(expression);
            }
            for (int i = 0; i < input.size(); i++) {
                if (input.get(i).exprId().equals(attribute.exprId())) {
                    @SuppressWarnings("unchecked")
                    B1 bound = (B1) new BoundReference(i, attribute.dataType(), attribute.nullable());
                    return bound;
                }
            }
            throw new IllegalStateException("no input column for " + attribute);
        }
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        List<InterpretedMutableProjection> general = new ArrayList<>();
        int partition = TaskContext.getPartitionId();
        for (Seq<Expression> step : generalSteps) {
            InterpretedMutableProjection projection = new InterpretedMutableProjection(step);
            projection.initialize(partition);
            general.add(projection);
        }
        int[] spans = new int[2 * FlatEventScanner.knownFieldCount()];
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public InternalRow next() {
                InternalRow row = rows.next();
                InternalRow usual = usualRecord(row, spans);
                if (usual != null) {
                    counts.add(false);
                    return usual;
                }
                // The source reuses its row object: the SQL form's values must not point into it.
                InternalRow current = row.copy();
                for (InterpretedMutableProjection projection : general) {
                    current = projection.apply(current);
                }
                counts.add(!current.isNullAt(reasonOut));
                return current.copy();
            }
        };
    }

    /**
     * The row of a usual record; null for any record the SQL form has to look at. Its strings are
     * views of the source's row, not copies: like the rows Spark's own operators pass on, it is
     * valid until the next record is read.
     */
    private InternalRow usualRecord(InternalRow row, int[] spans) {
        if (row.isNullAt(valueIn)) {
            return null;
        }
        byte[] bytes;
        int from;
        int to;
        if (row instanceof UnsafeRow unsafe && unsafe.getBaseObject() instanceof byte[] base) {
            // The value where the row holds it (what UnsafeRow.getBinary would copy out).
            long offsetAndSize = unsafe.getLong(valueIn);
            bytes = base;
            from = Math.toIntExact(unsafe.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET + (offsetAndSize >>> 32));
            to = from + (int) offsetAndSize;
        } else {
            bytes = row.getBinary(valueIn);
            from = 0;
            to = bytes.length;
        }
        if (!FlatEventScanner.scanSpans(bytes, from, to, spans) || !usual(bytes, spans)) {
            return null;
        }
        Object[] values = new Object[width];
        for (int field = 0; field < knownOut.length; field++) {
            int start = spans[2 * field];
            if (start >= 0) {
                values[knownOut[field]] = UTF8String.fromBytes(bytes, start, spans[2 * field + 1] - start);
            }
        }
        values[keyOut] = row.isNullAt(keyIn) ? null : UTF8String.fromBytes(row.getBinary(keyIn));
        values[topicOut] = row.isNullAt(topicIn) ? null : row.getUTF8String(topicIn);
        values[partitionOut] = row.isNullAt(partitionIn) ? null : row.getInt(partitionIn);
        values[offsetOut] = row.isNullAt(offsetIn) ? null : row.getLong(offsetIn);
        values[timestampOut] = row.isNullAt(timestampIn) ? null : row.getLong(timestampIn);
        values[rawValueOut] = UTF8String.fromBytes(bytes, from, to - from);
        return new GenericInternalRow(values);
    }

    /**
     * Whether the SQL form would give this scanned record no reason and no extra field: an event
     * type that is a plain name, no other value that starts with a bracket. (A record the scan takes
     * is a flat object of known keys, each once: the map parse would find no key beyond them.)
     */
    private boolean usual(byte[] value, int[] spans) {
        for (int field = 0; field < knownOut.length; field++) {
            int start = spans[2 * field];
            if (start >= 0 && field != eventTypeField && start < spans[2 * field + 1]
                    && (value[start] == '{' || value[start] == '[')) {
                return false;
            }
        }
        int typeStart = spans[2 * eventTypeField];
        return typeStart >= 0 && plainName(value, typeStart, spans[2 * eventTypeField + 1]);
    }

    /** What {@link RecordClassifier#EVENT_TYPE_PATTERN} accepts: 1 to 64 letters, digits, '_', '-' or '.'. */
    private static boolean plainName(byte[] value, int start, int end) {
        int length = end - start;
        if (length < 1 || length > MAX_EVENT_TYPE_LENGTH) {
            return false;
        }
        for (int i = start; i < end; i++) {
            byte b = value[i];
            boolean allowed = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '_' || b == '-' || b == '.';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
