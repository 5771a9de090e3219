package io.gamepipe.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Prints a dataset as the original's {@code show()} did. Its schema was inferred from the events,
 * so its tables had only the fields the events carried; ours is explicit, so the columns that are
 * null in every shown row are left out of the table (never out of the data).
 */
public final class ShownTables {

    private static final int ROWS = 20;
    private static final int TRUNCATE = 20;

    private ShownTables() {
    }

    /** The table of the first rows, with the columns that hold a value in them and {@code alwaysShown}. */
    public static String table(Dataset<Row> rows, String... alwaysShown) {
        List<Row> head = rows.limit(ROWS).collectAsList();
        List<String> shown = new ArrayList<>();
        for (String column : rows.columns()) {
            boolean hasValue = head.stream().anyMatch(r -> !r.isNullAt(r.fieldIndex(column)));
            if (hasValue || List.of(alwaysShown).contains(column)) {
                shown.add(column);
            }
        }
        if (shown.isEmpty()) {
            shown.addAll(List.of(rows.columns()));
        }
        return rows.select(EventColumns.columns(shown)).showString(ROWS, TRUNCATE, false);
    }
}
