package io.gamepipe.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Deletes the date partitions of a dataset older than the retention: every directory
 * {@code <date column>=YYYY-MM-DD} (at any depth, e.g. {@code event_type=x/event_date=2026-11-01})
 * whose date is before {@code today - days}. Today's partition is never deleted, whatever the
 * retention, nor a partition holding files of a batch land may still replay (a replay would bring
 * its rows back). Call it holding the dataset's {@link DatasetLock}.
 */
public final class PartitionRetention {

    /** What a run deleted. */
    public record Deleted(int partitions, long bytes) {
    }

    private final FileSystem fs;
    private final String dateColumn;

    public PartitionRetention(FileSystem fs, String dateColumn) {
        this.fs = fs;
        this.dateColumn = dateColumn;
    }

    /** The first date kept: partitions of earlier dates are deleted. */
    public static LocalDate firstDateKept(LocalDate today, long days) {
        return today.minusDays(days);
    }

    public Deleted apply(Path root, long days, LocalDate today, PrintStream out) throws IOException {
        LocalDate firstKept = firstDateKept(today, days);
        Set<String> replayable = BatchPublisher.replayableFiles(fs, root);
        List<Path> expired = new ArrayList<>();
        collectExpired(root, firstKept, today, expired);
        int partitions = 0;
        long bytes = 0;
        for (Path partition : expired) {
            if (holdsAny(partition, replayable)) {
                out.printf("retention: kept %s, which holds a batch land may replay; the next run deletes it%n", partition);
                continue;
            }
            long length = fs.getContentSummary(partition).getLength();
            if (!fs.delete(partition, true)) {
                throw new IOException("could not delete the expired partition " + partition);
            }
            partitions++;
            bytes += length;
            out.printf(Locale.ROOT, "retention: deleted %s (%,d bytes)%n", partition, length);
            Path parent = partition.getParent();
            if (!parent.equals(root) && fs.listStatus(parent).length == 0) {
                fs.delete(parent, false);
            }
        }
        return new Deleted(partitions, bytes);
    }

    private void collectExpired(Path directory, LocalDate firstKept, LocalDate today, List<Path> expired) throws IOException {
        for (FileStatus status : fs.listStatus(directory)) {
            String name = status.getPath().getName();
            if (!status.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            if (name.startsWith(dateColumn + "=")) {
                LocalDate date = parseDate(name.substring(dateColumn.length() + 1));
                if (date != null && date.isBefore(firstKept) && date.isBefore(today)) {
                    expired.add(status.getPath());
                }
            } else {
                collectExpired(status.getPath(), firstKept, today, expired);
            }
        }
    }

    private static LocalDate parseDate(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null; // not a date (e.g. __HIVE_DEFAULT_PARTITION__): never expires
        }
    }

    private boolean holdsAny(Path partition, Set<String> files) throws IOException {
        String prefix = partition.toUri().getPath() + "/";
        return files.stream().anyMatch(file -> file.startsWith(prefix));
    }
}
