package io.gamepipe.operator.runs;

import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Optional;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week, UTC) with *, lists, ranges and
 * steps, as Kubernetes CronJobs read it: when both day fields are restricted, either may match.
 */
public final class Cron {
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean dayOfMonthStar;
  private final boolean dayOfWeekStar;
  private final String expression;

  private Cron(String expression) {
    String[] fields = expression.trim().split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("cron schedule needs 5 fields, got " + fields.length + ": " + expression);
    }
    this.expression = expression;
    minutes = field(fields[0], 0, 59, "minute");
    hours = field(fields[1], 0, 23, "hour");
    daysOfMonth = field(fields[2], 1, 31, "day-of-month");
    months = field(fields[3], 1, 12, "month");
    daysOfWeek = field(fields[4], 0, 7, "day-of-week");
    if (daysOfWeek.get(7)) {
      daysOfWeek.set(0); // 7 is Sunday too
    }
    dayOfMonthStar = unrestricted(fields[2]);
    dayOfWeekStar = unrestricted(fields[4]);
  }

  /**
   * Whether a day field leaves the day free, as Kubernetes (robfig/cron) reads it: a part {@code *}
   * or {@code *}{@code /1}. {@code *}{@code /2} restricts the day (every other one), so with a restricted
   * other day field either may match; cron-utils agrees, found by CronAgreesWithCronUtilsTest.
   */
  private static boolean unrestricted(String field) {
    for (String part : field.split(",")) {
      if (part.equals("*") || part.equals("*/1")) {
        return true;
      }
    }
    return false;
  }

  public static Cron parse(String expression) {
    return new Cron(expression);
  }

  private static BitSet field(String text, int min, int max, String name) {
    BitSet bits = new BitSet(max + 1);
    for (String part : text.split(",")) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), 1, max, name);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", 2);
        from = number(ends[0], min, max, name);
        to = number(ends[1], min, max, name);
        if (from > to) {
          throw new IllegalArgumentException("cron " + name + " range " + range + " runs backwards");
        }
      } else {
        from = number(range, min, max, name);
        to = slash >= 0 ? max : from;
      }
      for (int value = from; value <= to; value += step) {
        bits.set(value);
      }
    }
    return bits;
  }

  private static int number(String text, int min, int max, String name) {
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException("cron " + name + " " + value + " is outside " + min + "-" + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cron " + name + " '" + text + "' is not a number");
    }
  }

  private boolean dayMatches(ZonedDateTime time) {
    boolean dom = daysOfMonth.get(time.getDayOfMonth());
    boolean dow = daysOfWeek.get(time.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : time.getDayOfWeek().getValue());
    if (dayOfMonthStar || dayOfWeekStar) {
      return dom && dow;
    }
    return dom || dow;
  }

  /** The first slot strictly after {@code after}; empty when none within five years (e.g. 30 February). */
  public Optional<ZonedDateTime> next(ZonedDateTime after) {
    ZonedDateTime time = after.withZoneSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = time.plusYears(5);
    while (time.isBefore(limit)) {
      if (!months.get(time.getMonthValue())) {
        time = time.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(time)) {
        time = time.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(time.getHour())) {
        time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(time.getMinute())) {
        time = time.plusMinutes(1);
      } else {
        return Optional.of(time);
      }
    }
    return Optional.empty();
  }

  /** The latest slot in (after, now], if any. */
  public Optional<ZonedDateTime> latestBetween(ZonedDateTime after, ZonedDateTime now) {
    Optional<ZonedDateTime> latest = Optional.empty();
    Optional<ZonedDateTime> slot = next(after);
    while (slot.isPresent() && !slot.get().isAfter(now)) {
      latest = slot;
      slot = next(slot.get());
    }
    return latest;
  }

  @Override
  public String toString() {
    return expression;
  }
}
