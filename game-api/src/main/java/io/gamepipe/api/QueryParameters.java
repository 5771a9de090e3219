package io.gamepipe.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a parameter from a raw query string the way Werkzeug's {@code request.args.get} did:
 * the first occurrence wins, {@code +} is a space, {@code %XX} escapes are UTF-8 bytes, invalid
 * UTF-8 becomes U+FFFD and a malformed escape stays as written. Never fails: every query has an answer.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** The decoded value of the first {@code name} parameter, "" when it has no '=', null when absent. */
    public static String first(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            int equals = rawQuery.indexOf('=', start);
            int keyEnd = equals >= 0 && equals < end ? equals : end;
            if (keyEnd > start && decode(rawQuery, start, keyEnd).equals(name)) {
                return keyEnd == end ? "" : decode(rawQuery, keyEnd + 1, end);
            }
            start = end + 1;
        }
        return null;
    }

    static String decode(String s, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to && plain; i++) {
            char c = s.charAt(i);
            plain = c != '%' && c != '+';
        }
        if (plain) {
            return s.substring(from, to);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int high = hex(s, i + 1, to);
            int low = hex(s, i + 2, to);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && high >= 0 && low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c < 256) {
                // The container hands the raw query over byte by byte (ISO-8859-1): keep the bytes.
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        // Malformed UTF-8 becomes U+FFFD, as with Python's errors="replace".
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The value of an ASCII hex digit at {@code index}, -1 if there is none. */
    private static int hex(String s, int index, int limit) {
        if (index >= limit) {
            return -1;
        }
        char c = s.charAt(index);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
