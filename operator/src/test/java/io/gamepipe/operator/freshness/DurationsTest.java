package io.gamepipe.operator.freshness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void aNumberAndAUnit() {
    assertThat(Durations.parse("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void anythingElseIsRefusedWithTheExpectedForm() {
    for (String bad : new String[] {"", "15", "m", "0s", "1.5h", "15 m", "15M", "1w", "-5s", "1234567s"}) {
      assertThatThrownBy(() -> Durations.parse(bad)).as(bad)
          .hasMessage("'" + bad + "' is not a duration such as 30s, 15m, 2h or 1d");
    }
    assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
