package io.gamepipe.operator.builders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script the operator puts into a container with the real bash, its absolute paths moved under a test
 * folder and the image's tools replaced by stubs in {@code bin}: what the script does to an empty volume is then
 * seen on disk, not read from its text.
 */
final class Shell {
  record Result(int exitCode, String output) {
  }

  private Shell() {
  }

  /** Writes an executable stub named {@code name} into {@code bin}. */
  static void stub(Path bin, String name, String body) throws IOException {
    Files.createDirectories(bin);
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/usr/bin/env bash\nset -e\n" + body + "\n");
    file.toFile().setExecutable(true);
  }

  /** Runs {@code script} with bash, {@code bin} first on the PATH; each key of {@code moves} replaced by its value. */
  static Result run(String script, Path bin, Map<String, String> env, Map<String, String> moves, int timeoutSeconds)
      throws IOException, InterruptedException {
    String moved = script;
    for (var move : moves.entrySet()) {
      moved = moved.replace(move.getKey(), move.getValue());
    }
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", moved).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("script still running after " + timeoutSeconds + " s:\n" + moved);
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
