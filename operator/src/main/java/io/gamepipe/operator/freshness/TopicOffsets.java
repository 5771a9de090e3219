package io.gamepipe.operator.freshness;

import java.util.Map;

/** The offsets of each partition of a topic: the earliest still kept and the next one to be written. */
public record TopicOffsets(Map<Integer, Long> beginning, Map<Integer, Long> end) {
  public TopicOffsets {
    beginning = Map.copyOf(beginning);
    end = Map.copyOf(end);
  }
}
