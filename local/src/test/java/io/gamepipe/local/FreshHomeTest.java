package io.gamepipe.local;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests that each start the launcher on a fresh data directory and free ports, and stop whatever it left running. */
abstract class FreshHomeTest {

    @TempDir
    Path temp;

    Launcher launcher;

    @BeforeEach
    void freshHome() {
        launcher = new Launcher(temp.resolve("home"));
    }

    @AfterEach
    void stopAnything() {
        launcher.run("down");
    }
}
