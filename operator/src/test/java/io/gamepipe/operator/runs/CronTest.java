package io.gamepipe.operator.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronTest {
  private static ZonedDateTime at(String time) {
    return ZonedDateTime.parse(time);
  }

  @Test
  void everyMinuteFiresOnTheNextMinute() {
    assertThat(Cron.parse("* * * * *").next(at("2026-11-24T20:15:30Z"))).contains(at("2026-11-24T20:16:00Z"));
    assertThat(Cron.parse("* * * * *").next(at("2026-11-24T20:15:00Z"))).contains(at("2026-11-24T20:16:00Z"));
  }

  @Test
  void stepsRangesAndListsCombine() {
    Cron cron = Cron.parse("*/15 9-17 * * 1-5");
    assertThat(cron.next(at("2026-11-24T20:15:00Z"))).contains(at("2026-11-25T09:00:00Z"));
    assertThat(cron.next(at("2026-11-25T09:00:00Z"))).contains(at("2026-11-25T09:15:00Z"));
    // Friday 17:45 -> Monday 09:00
    assertThat(cron.next(at("2026-11-27T17:45:00Z"))).contains(at("2026-11-30T09:00:00Z"));
    assertThat(Cron.parse("5,35 3 * * *").next(at("2026-11-24T03:05:00Z"))).contains(at("2026-11-24T03:35:00Z"));
    assertThat(Cron.parse("0 0 1 */3 *").next(at("2026-11-24T00:00:00Z"))).contains(at("2027-01-01T00:00:00Z"));
  }

  @Test
  void restrictedDayOfMonthAndDayOfWeekMatchEitherAsInCron() {
    // The 1st of the month or any Sunday (0 and 7 both mean Sunday).
    Cron cron = Cron.parse("0 12 1 * 7");
    assertThat(cron.next(at("2026-11-24T00:00:00Z"))).contains(at("2026-11-29T12:00:00Z"));
    assertThat(cron.next(at("2026-11-29T12:00:00Z"))).contains(at("2026-12-01T12:00:00Z"));
  }

  /** Found by CronAgreesWithCronUtilsTest: a stepped day field restricts the day, as in Kubernetes and cron-utils. */
  @Test
  void aSteppedDayFieldIsRestrictedSoEitherDayFieldMayMatch() {
    // 2024-01-01 is a Monday and an odd day: */2 matches it although it is no Sunday.
    assertThat(Cron.parse("* * */2 * 0").next(at("2024-01-01T00:00:00Z"))).contains(at("2024-01-01T00:01:00Z"));
    // A bare * (or */1) leaves the day free: only Sundays.
    assertThat(Cron.parse("0 0 * * 0").next(at("2024-01-01T00:00:00Z"))).contains(at("2024-01-07T00:00:00Z"));
    assertThat(Cron.parse("0 0 */1 * 0").next(at("2024-01-01T00:00:00Z"))).contains(at("2024-01-07T00:00:00Z"));
  }

  @Test
  void latestBetweenGivesTheLastSlotOfAWindowOnly() {
    Cron hourly = Cron.parse("0 * * * *");
    assertThat(hourly.latestBetween(at("2026-11-24T17:30:00Z"), at("2026-11-24T20:15:00Z")))
        .contains(at("2026-11-24T20:00:00Z"));
    assertThat(hourly.latestBetween(at("2026-11-24T20:00:00Z"), at("2026-11-24T20:59:00Z"))).isEmpty();
  }

  @Test
  void impossibleDatesNeverFireAndBadFieldsAreRejected() {
    assertThat(Cron.parse("0 0 30 2 *").next(at("2026-11-24T00:00:00Z"))).isEmpty();
    assertThatThrownBy(() -> Cron.parse("* * * *")).hasMessageContaining("5 fields");
    assertThatThrownBy(() -> Cron.parse("60 * * * *")).hasMessageContaining("minute 60 is outside 0-59");
    assertThatThrownBy(() -> Cron.parse("* * * JAN *")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> Cron.parse("* 5-2 * * *")).hasMessageContaining("backwards");
  }
}
