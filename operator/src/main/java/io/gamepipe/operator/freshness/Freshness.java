package io.gamepipe.operator.freshness;

import java.time.Instant;
import java.util.Optional;

/**
 * What one look at a pipeline's data plane found: the figures the status shows. Equal observations mean nothing to
 * write: the poller wakes the reconciler up only when one differs from the last.
 *
 * @param eventsNotLanded events in the topic after land's committed offsets; null when Kafka could not be asked
 * @param oldestNotLanded Kafka timestamp of the oldest of them; null when there are none, or when unknown
 * @param land land's last report; null before its first successful run, or when HDFS could not be read
 * @param compact compact's last report; null when there is none, or when HDFS could not be read
 * @param problem why something is unknown, in words that stay the same while the cause lasts; null when all is known
 */
public record Freshness(Long eventsNotLanded, Instant oldestNotLanded, LandReport land, CompactReport compact,
    String problem) {

  public Optional<Long> events() {
    return Optional.ofNullable(eventsNotLanded);
  }

  public Optional<Instant> oldest() {
    return Optional.ofNullable(oldestNotLanded);
  }
}
