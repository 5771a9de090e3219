package io.gamepipe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The data directory ({@code ./.gamepipe} or {@code $GAMEPIPE_HOME}): every component's data, the logs, the state file. */
record Home(Path dir) {

    Home {
        dir = dir.toAbsolutePath().normalize();
    }

    Path logs() {
        return dir.resolve("logs");
    }

    Path log(String name) {
        return logs().resolve(name + ".log");
    }

    Path stateFile() {
        return dir.resolve("state.properties");
    }

    Path data(String name) {
        return dir.resolve(name);
    }

    Home create() {
        try {
            Files.createDirectories(logs());
        } catch (IOException e) {
            throw new GamepipeException("cannot create the data directory " + dir + ": " + e.getMessage());
        }
        return this;
    }

    /** Keeps the previous run's log as {@code NAME.log.1} and returns the fresh log's path. */
    Path rotateLog(String name) {
        Path log = log(name);
        try {
            if (Files.exists(log)) {
                Files.move(log, logs().resolve(name + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return log;
    }
}
