package io.gamepipe.operator.freshness;

import io.gamepipe.operator.crd.FreshnessSpec;
import java.time.Duration;

/** The spec's durations: a whole number and a unit, {@code s}, {@code m}, {@code h} or {@code d} (e.g. 30s, 2h). */
public final class Durations {
  private Durations() {
  }

  public static Duration parse(String text) {
    if (text == null || !text.matches(FreshnessSpec.DURATION_PATTERN)) {
      throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 15m, 2h or 1d");
    }
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }
}
