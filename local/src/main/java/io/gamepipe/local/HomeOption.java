package io.gamepipe.local;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home}: which data directory (and so which running cluster) a command works on. */
final class HomeOption {

    @Option(names = "--home", paramLabel = "DIR", defaultValue = "${env:GAMEPIPE_HOME}",
            description = "Data directory (default: $GAMEPIPE_HOME, else .gamepipe/ in the repository).")
    Path home;

    Home home(Layout layout) {
        return new Home(home != null ? home : layout.defaultHome());
    }
}
