package io.gamepipe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What a class-data archive was made from: a jar (path, size, modification time), whatever else
 * its owner adds, and the JVM. The JVM refuses an archive of other classes or of another JVM with
 * no more than a warning, so a stamp that differs means: make a new archive.
 */
final class ClassArchiveStamp {

    private ClassArchiveStamp() {
    }

    /** The stamp of {@code jar} plus {@code otherInputs} (empty, or lines ending in a newline) on this JVM. */
    static String of(Path jar, String otherInputs) {
        try {
            return "jar=" + jar + " size=" + Files.size(jar) + " modified=" + Files.getLastModifiedTime(jar).toMillis()
                    + "\n" + otherInputs + "jvm=" + System.getProperty("java.home") + " "
                    + System.getProperty("java.vm.version") + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** Whether {@code archive} exists and {@code stampFile} holds the expected stamp (false when an input is unreadable). */
    static boolean matches(Path archive, Path stampFile, Supplier<String> expected) {
        try {
            return Files.isRegularFile(archive) && Files.readString(stampFile).equals(expected.get());
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
