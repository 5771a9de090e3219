package io.gamepipe.spark;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke;
import org.apache.spark.sql.catalyst.util.TimestampFormatter;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.ObjectType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.collection.JavaConverters;

/**
 * A timestamp column as text, the same text as Spark's {@code cast(timestamp as string)} in a given
 * zone, but with the date and time of each second formatted once instead of once a row: the cast
 * formats every row with {@code java.time} (an {@code Instant}, its zoned date-time and a
 * {@code BigDecimal} for the fraction), while the events of one run share few distinct seconds.
 *
 * <p>The whole second is formatted by Spark's own formatter (the cast's, so its calendar, zone and
 * year rules hold); the fraction is appended here as Spark prints it: a dot and up to six digits
 * without trailing zeros, nothing for a whole second. A zone's offset is always whole seconds, so
 * the fraction does not depend on the zone.
 *
 * <p>The column is a {@link StaticInvoke} of {@link #format(TimestampText, long)} with this object
 * given to the plan as a literal: it takes the timestamp's microseconds and returns Spark's own
 * string type, so neither side is converted, and whole-stage code generation calls it directly. Not
 * an {@code Invoke} of the instance method: planning an {@code Invoke} encodes the method's name
 * with Scala's runtime reflection, whose first use builds Scala's reflection universe, a few hundred
 * milliseconds of a job's start that nothing else in the jobs needs.
 */
public final class TimestampText implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final int FRACTION_DIGITS = 6;

    private final String zoneId;
    /** Tasks run in parallel in one JVM, each on its own range of records: one cache per thread. */
    private final transient ThreadLocal<LastFormatted> lastFormatted;

    private TimestampText(String zoneId) {
        this.zoneId = ZoneId.of(zoneId).getId();
        this.lastFormatted = ThreadLocal.withInitial(() -> new LastFormatted(ZoneId.of(this.zoneId)));
    }

    /**
     * {@code timestamp} (a timestamp column) as {@code cast(timestamp as string)} gives it under the
     * session's time zone ({@code spark.sql.session.timeZone}, read now); null stays null.
     */
    public static Column of(Column timestamp, SparkSession spark) {
        return of(timestamp, spark.sessionState().conf().sessionLocalTimeZone());
    }

    /** {@code timestamp} as {@code cast(timestamp as string)} gives it in {@code zoneId}; null stays null. */
    public static Column of(Column timestamp, String zoneId) {
        TimestampText text = new TimestampText(zoneId);
        Expression target = new Literal(text, new ObjectType(TimestampText.class));
        StaticInvoke invoke = new StaticInvoke(TimestampText.class, DataTypes.StringType, "format",
                JavaConverters.asScalaBuffer(List.of(target, timestamp.expr())).toList(),
                JavaConverters.asScalaBuffer(List.<AbstractDataType>of()).toList(),
                true, // null in, null out: the method is not called for a null timestamp
                false,
                true);
        return new Column(invoke);
    }

    /** The text of a timestamp given as microseconds since the epoch (what Spark stores). */
    public UTF8String format(long micros) {
        return lastFormatted.get().format(micros);
    }

    /** {@link #format(long)} of {@code text}: the method the column calls. */
    public static UTF8String format(TimestampText text, long micros) {
        return text.format(micros);
    }

    /** A deserialized copy (each task gets one) needs its own thread-local caches. */
    private Object readResolve() {
        return new TimestampText(zoneId);
    }

    @Override
    public String toString() {
        return "TimestampText(" + zoneId + ")";
    }

    /** One thread's last timestamp and last second, with their text. */
    private static final class LastFormatted {

        private final TimestampFormatter formatter;
        private long second;
        private byte[] secondText;
        private long micros;
        private UTF8String text;

        LastFormatted(ZoneId zone) {
            formatter = TimestampFormatter.getFractionFormatter(zone);
        }

        UTF8String format(long micros) {
            // Records produced together share their millisecond: the last text is often the answer.
            if (text != null && micros == this.micros) {
                return text;
            }
            text = formatNew(micros);
            this.micros = micros;
            return text;
        }

        private UTF8String formatNew(long micros) {
            long fraction = Math.floorMod(micros, MICROS_PER_SECOND);
            if (micros < Long.MIN_VALUE + MICROS_PER_SECOND) {
                // The whole second below would not fit in a long: Spark formats it all.
                return UTF8String.fromString(formatter.format(micros));
            }
            long second = micros - fraction;
            if (secondText == null || second != this.second) {
                secondText = formatter.format(second).getBytes(StandardCharsets.UTF_8);
                this.second = second;
            }
            if (fraction == 0) {
                return UTF8String.fromBytes(secondText);
            }
            int digits = FRACTION_DIGITS;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            byte[] bytes = new byte[secondText.length + 1 + digits];
            System.arraycopy(secondText, 0, bytes, 0, secondText.length);
            bytes[secondText.length] = '.';
            for (int i = bytes.length - 1; i > secondText.length; i--) {
                bytes[i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            return UTF8String.fromBytes(bytes);
        }
    }
}
