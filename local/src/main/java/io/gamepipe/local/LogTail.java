package io.gamepipe.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Follows a growing log file: each call returns the complete lines written since the previous one. */
final class LogTail {

    private final Path file;
    private long position;
    private final StringBuilder partial = new StringBuilder();

    LogTail(Path file) {
        this(file, 0);
    }

    private LogTail(Path file, long position) {
        this.file = file;
        this.position = position;
    }

    /** Follows only what is written to {@code file} from now on (a restarted component appends to its log). */
    static LogTail fromEnd(Path file) {
        try {
            return new LogTail(file, Files.isRegularFile(file) ? Files.size(file) : 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file() {
        return file;
    }

    List<String> newLines() {
        List<String> lines = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return lines;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length < position) {
                position = 0; // the file was replaced by a new run's log
                partial.setLength(0);
            }
            if (length == position) {
                return lines;
            }
            byte[] bytes = new byte[(int) Math.min(length - position, 8 << 20)];
            in.seek(position);
            in.readFully(bytes);
            position += bytes.length;
            partial.append(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            lines.add(partial.substring(0, newline));
            partial.delete(0, newline + 1);
        }
        return lines;
    }

    /** The last {@code count} lines of a log, to show with an error. */
    static String lastLines(Path file, int count) {
        try {
            List<String> all = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }
}
