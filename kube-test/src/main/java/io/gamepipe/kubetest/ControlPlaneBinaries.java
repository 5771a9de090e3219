package io.gamepipe.kubetest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pinned control-plane binaries (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok,
 * kwokctl), built from Go modules by {@code kube/build.sh} into a cache outside the clone. Asking for them runs the
 * script, which is a no-op once they are there; so a test run from an IDE builds them too.
 */
public final class ControlPlaneBinaries {
  static final List<String> NAMES = List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler",
      "kubectl", "kwok", "kwokctl");

  private final Path directory;

  private ControlPlaneBinaries(Path directory) {
    this.directory = directory;
  }

  /** Builds what is missing (progress on standard error) and returns the folder of the binaries. */
  public static synchronized ControlPlaneBinaries ensure() {
    Path script = Repository.root().resolve("kube/build.sh");
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    List<String> lines = new ArrayList<>();
    int exit;
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      }
      exit = process.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the control plane", e);
    }
    if (exit != 0 || lines.isEmpty()) {
      throw new IllegalStateException(script + " failed with exit code " + exit
          + " (its messages are above); output: " + String.join("\n", lines));
    }
    // The script's last line is the folder of the binaries.
    Path directory = Path.of(lines.get(lines.size() - 1).trim());
    for (String name : NAMES) {
      if (!Files.isExecutable(directory.resolve(name))) {
        throw new IllegalStateException(script + " reported " + directory + " but " + name + " is not there");
      }
    }
    return new ControlPlaneBinaries(directory);
  }

  public Path directory() {
    return directory;
  }

  public Path binary(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("not a control-plane binary: " + name);
    }
    return directory.resolve(name);
  }
}
