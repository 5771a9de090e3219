package io.gamepipe.kubetest;

import java.nio.file.Files;
import java.nio.file.Path;

/** The root of the gamepipe checkout: {@code -Dgamepipe.root} (set by the build), else the nearest folder up with kube/. */
public final class Repository {
  private Repository() {
  }

  public static Path root() {
    String configured = System.getProperty("gamepipe.root");
    if (configured != null && Files.isRegularFile(Path.of(configured, "kube", "build.sh"))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("kube/build.sh"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the gamepipe checkout (no kube/build.sh above "
        + Path.of("").toAbsolutePath() + "); set -Dgamepipe.root");
  }
}
