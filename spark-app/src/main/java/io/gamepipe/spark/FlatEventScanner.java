package io.gamepipe.spark;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Byte scans of a record value that spare {@code from_json} for the usual record.
 *
 * <ul>
 *   <li>{@link #scan}: the known fields of a flat object of known keys only, each once, whose
 *       values are plain ASCII strings without escapes or plain integers, exactly as
 *       {@code from_json} would give them; null for any other record, which takes
 *       {@code from_json}'s path, so its semantics stay {@code from_json}'s.</li>
 *   <li>{@link #keyMarks}: a count that is never below the number of top-level keys, to tell
 *       when the map parse cannot find a key the struct parse missed.</li>
 * </ul>
 *
 * {@code RecordParsePathsTest} checks on generated records that both paths give the same rows.
 */
final class FlatEventScanner {

    private static final byte[][] KNOWN_NAMES = EventColumns.knownFields().stream()
            .map(f -> f.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    private FlatEventScanner() {
    }

    /**
     * The known fields of the usual record, in {@link EventColumns#knownFields()} order, followed by
     * one null (the parse's corrupt-record column): for these the values are the bytes between the
     * quotes (or the integer's text), exactly what from_json gives. Null for any other record
     * (escapes, non-ASCII, floats, null, booleans, nesting, unknown or repeated keys, trailing text).
     */
    static Row scan(byte[] v) {
        int[] spans = new int[2 * KNOWN_NAMES.length];
        if (!scanSpans(v, spans)) {
            return null;
        }
        Object[] values = new Object[KNOWN_NAMES.length + 1];
        for (int field = 0; field < KNOWN_NAMES.length; field++) {
            int start = spans[2 * field];
            if (start >= 0) {
                values[field] = new String(v, start, spans[2 * field + 1] - start, StandardCharsets.US_ASCII);
            }
        }
        return RowFactory.create(values);
    }

    /** How many known fields there are: {@link #scanSpans} wants twice as many slots. */
    static int knownFieldCount() {
        return KNOWN_NAMES.length;
    }

    /**
     * {@link #scan} without making strings: for the records it takes, fills {@code spans} with each
     * known field's value as the bytes {@code [spans[2f], spans[2f+1])} of {@code v}, -1 for an
     * absent field, and returns true; false for every other record ({@code spans} then undefined).
     */
    static boolean scanSpans(byte[] v, int[] spans) {
        return v != null && scanSpans(v, 0, v.length, spans);
    }

    /**
     * {@link #scanSpans(byte[], int[])} of the record held in {@code v[from, to)}; the spans are
     * positions in {@code v}. For a value inside a larger buffer (a row's), with no copy of it.
     */
    static boolean scanSpans(byte[] v, int from, int to, int[] spans) {
        Arrays.fill(spans, -1);
        int i = skipSpace(v, from, to);
        if (i >= to || v[i] != '{') {
            return false;
        }
        i = skipSpace(v, i + 1, to);
        while (true) {
            if (i >= to || v[i] != '"') {
                return false;
            }
            int keyEnd = plainStringEnd(v, i + 1, to);
            int field = keyEnd < 0 ? -1 : knownIndex(v, i + 1, keyEnd);
            if (field < 0 || spans[2 * field] >= 0) {
                return false;
            }
            i = skipSpace(v, keyEnd + 1, to);
            if (i >= to || v[i] != ':') {
                return false;
            }
            i = skipSpace(v, i + 1, to);
            int start;
            int end;
            if (i < to && v[i] == '"') {
                start = i + 1;
                end = plainStringEnd(v, start, to);
                i = end + 1;
            } else {
                start = i;
                end = integerEnd(v, i, to);
                i = end;
            }
            if (end < 0) {
                return false;
            }
            spans[2 * field] = start;
            spans[2 * field + 1] = end;
            i = skipSpace(v, i, to);
            if (i >= to) {
                return false;
            }
            if (v[i] == '}') {
                return skipSpace(v, i + 1, to) == to;
            }
            if (v[i] != ',') {
                return false;
            }
            i = skipSpace(v, i + 1, to);
        }
    }

    /**
     * How many times a quote is followed by optional JSON whitespace and a {@code :}. Every key of
     * an object ends so, nested ones and quotes inside string values may too: it is never less
     * than the number of top-level keys. A byte scan, far cheaper than a second parse. Both quotes
     * count: Spark's JSON reader takes {@code 'key'} as a key (its {@code allowSingleQuotes} is on
     * by default).
     */
    static int keyMarks(byte[] value) {
        if (value == null) {
            return 0;
        }
        int marks = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == '"' || value[i] == '\'') {
                int j = skipSpace(value, i + 1, value.length);
                if (j < value.length && value[j] == ':') {
                    marks++;
                }
            }
        }
        return marks;
    }

    /** The first byte at or after {@code i} (before {@code to}) that is not JSON whitespace (space, tab, LF, CR). */
    private static int skipSpace(byte[] v, int i, int to) {
        while (i < to && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** The closing quote of a string of printable ASCII without escapes; -1 for any other string. */
    private static int plainStringEnd(byte[] v, int i, int to) {
        for (; i < to; i++) {
            byte b = v[i];
            if (b == '"') {
                return i;
            }
            // Bytes are signed: every non-ASCII byte is below 0x20 here too.
            if (b == '\\' || b < 0x20 || b == 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    /** The end of an integer of at most 18 digits written as Jackson writes it back (no -0, no leading 0); else -1. */
    private static int integerEnd(byte[] v, int i, int to) {
        int start = i < to && v[i] == '-' ? i + 1 : i;
        int end = start;
        while (end < to && v[end] >= '0' && v[end] <= '9') {
            end++;
        }
        int digits = end - start;
        if (digits == 0 || digits > 18 || (v[start] == '0' && (digits > 1 || start > i))) {
            return -1;
        }
        if (end < to && (v[end] == '.' || v[end] == 'e' || v[end] == 'E')) {
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
}
