package io.gamepipe.operator.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Our {@link Cron} against a maintained library, cron-utils with its Unix definition, on generated
 * five-field expressions (stars, values, ranges, steps, lists in every field) and instants: the
 * next slot after an instant must be the same. The operator keeps its own 135-line parser so that
 * its image carries no cron library; this test is what makes that safe.
 */
class CronAgreesWithCronUtilsTest {

  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final long FROM = ZonedDateTime.parse("2024-01-01T00:00:00Z").toEpochSecond();
  private static final long TO = ZonedDateTime.parse("2031-01-01T00:00:00Z").toEpochSecond();

  @Property(tries = 1000)
  void theNextSlotIsCronUtilsNextExecution(@ForAll("expressions") String expression,
      @ForAll("instants") ZonedDateTime after) {
    Optional<ZonedDateTime> ours = Cron.parse(expression).next(after);
    Optional<ZonedDateTime> theirs = ExecutionTime.forCron(UNIX.parse(expression)).nextExecution(after)
        .map(t -> t.withZoneSameInstant(ZoneOffset.UTC));

    // Ours looks five years ahead at most; beyond that cron-utils may still find a slot (29 February).
    if (ours.isEmpty() && theirs.isPresent()) {
      assertThat(theirs.get()).as(expression).isAfter(after.plusYears(4));
    } else {
      assertThat(ours).as("%s after %s", expression, after).isEqualTo(theirs);
    }
  }

  @Provide
  Arbitrary<ZonedDateTime> instants() {
    return Arbitraries.longs().between(FROM, TO).map(s -> Instant.ofEpochSecond(s).atZone(ZoneOffset.UTC));
  }

  @Provide
  Arbitrary<String> expressions() {
    return Combinators.combine(field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 6))
        .as((minute, hour, dayOfMonth, month, dayOfWeek) ->
            String.join(" ", minute, hour, dayOfMonth, month, dayOfWeek));
  }

  /** One field: mostly *, else a list of 1 to 3 values, ranges and steps within the bounds. */
  private static Arbitrary<String> field(int min, int max) {
    Arbitrary<Integer> value = Arbitraries.integers().between(min, max);
    Arbitrary<Integer> step = Arbitraries.integers().between(2, Math.max(2, (max - min) / 2));
    Arbitrary<String> range = Combinators.combine(value, value)
        .as((a, b) -> Math.min(a, b) + "-" + Math.max(a, b));
    Arbitrary<String> part = Arbitraries.frequencyOf(
        Tuple.of(3, value.map(String::valueOf)),
        Tuple.of(2, range),
        Tuple.of(2, Combinators.combine(range, step).as((r, s) -> r + "/" + s)),
        Tuple.of(1, Combinators.combine(value, step).as((v, s) -> v + "/" + s)),
        Tuple.of(2, step.map(s -> "*/" + s)));
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just("*")),
        Tuple.of(5, part.list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join(",", parts))));
  }
}
