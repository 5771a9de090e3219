package io.gamepipe.operator.freshness;

import java.util.Map;
import java.util.TreeMap;

/** The arithmetic of freshness, apart from any I/O: which offsets are not landed yet, and how many. */
public final class Lag {
  private Lag() {
  }

  /**
   * Per partition with events not landed yet, the first of them: land's committed offset for the partition, or the
   * earliest offset still kept when land never committed one (a new partition, a first run to come) or when
   * retention already deleted past it. A report about another topic counts for nothing.
   */
  public static Map<Integer, Long> firstNotLanded(TopicOffsets offsets, LandReport land, String topic) {
    Map<Integer, Long> committed = land != null && topic.equals(land.topic()) ? land.committedOffsets() : Map.of();
    Map<Integer, Long> first = new TreeMap<>();
    offsets.end().forEach((partition, end) -> {
      long earliest = offsets.beginning().getOrDefault(partition, 0L);
      long from = Math.max(committed.getOrDefault(partition, earliest), earliest);
      if (end > from) {
        first.put(partition, from);
      }
    });
    return first;
  }

  /** Offsets between the first not landed and the end, summed over partitions (every offset is one event). */
  public static long eventsNotLanded(TopicOffsets offsets, Map<Integer, Long> firstNotLanded) {
    return firstNotLanded.entrySet().stream()
        .mapToLong(e -> offsets.end().get(e.getKey()) - e.getValue())
        .sum();
  }
}
