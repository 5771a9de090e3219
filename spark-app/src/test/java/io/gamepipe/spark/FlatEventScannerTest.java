package io.gamepipe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The parse's fast path, without Spark: it must take only the records for which it gives exactly
 * what from_json gives, and leave every other one (null) to from_json and the map parse.
 */
class FlatEventScannerTest {

    private static Row fast(String json) {
        return FlatEventScanner.scan(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String field(Row row, String name) {
        return row.getString(EventColumns.knownFields().indexOf(name));
    }

    @Test
    void aFlatObjectOfKnownStringsAndIntegersGivesTheirText() {
        Row row = fast(" {\"event_type\": \"join_guild\",\"guild_id\" :\t-12, \"Host\": \"[::1]:5000\", "
                + "\"User-Agent\": \"python-requests/2.18.4\"}\n");

        assertThat(row).isNotNull();
        assertThat(field(row, "event_type")).isEqualTo("join_guild");
        assertThat(field(row, "guild_id")).isEqualTo("-12");
        assertThat(field(row, "Host")).isEqualTo("[::1]:5000");
        assertThat(field(row, "User-Agent")).isEqualTo("python-requests/2.18.4");
        assertThat(field(row, "item")).isNull();
        assertThat(row.get(row.length() - 1)).as("no corrupt-record text").isNull();
    }

    @Test
    void everythingElseIsLeftToFromJson() {
        String[] others = {
            "{\"event_type\": \"a\", \"Content-Type\": \"x\"}",   // an unknown key: extra_fields
            "{\"event_type\": \"a\", \"event_type\": \"b\"}",     // a repeated key
            "{\"event_type\": \"a\", \"item\": null}",            // null
            "{\"event_type\": \"a\", \"item\": {\"b\": 1}}",      // nested
            "{\"event_type\": \"a\", \"item\": [1]}",
            "{\"event_type\": \"a\", \"guild_id\": 1.5}",         // numbers Jackson may rewrite
            "{\"event_type\": \"a\", \"guild_id\": 1e3}",
            "{\"event_type\": \"a\", \"guild_id\": -0}",
            "{\"event_type\": \"a\", \"guild_id\": 007}",
            "{\"event_type\": \"a\", \"guild_id\": 1234567890123456789}",
            "{\"event_type\": \"a\", \"guild_id\": true}",
            "{\"event_type\": \"a\\\"b\"}",                       // an escape
            "{\"event_type\": \"café\"}",                         // non-ASCII
            "{\"event_type\": \"a\tb\"}",                         // a raw control character
            "{\"event_type\": \"a\"} trailing",
            "{\"event_type\": \"a\",}",
            "{\"event_type\": \"a\"",
            "{}",
            "[{\"event_type\": \"a\"}]",
            "\"event_type\"",
            "",
        };
        for (String json : others) {
            assertThat(fast(json)).as(json).isNull();
        }
        assertThat(FlatEventScanner.scan(null)).isNull();
    }

    @Test
    void keyMarksNeverUndercountTheKeys() {
        assertThat(FlatEventScanner.keyMarks("{\"a\": 1, \"b\" :{\"c\":2}, \"d\"\n: \"x\\\":\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(5);
        assertThat(FlatEventScanner.keyMarks(null)).isZero();
        // Spark's from_json reads single-quoted keys: found by RecordParsePathsTest, where the
        // key count missed one and the map parse that would have found the extra field was skipped.
        assertThat(FlatEventScanner.keyMarks("{'event_type':\"~\",\"Connection\":-7379,\"\\\"\":24}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(3);
    }
}
