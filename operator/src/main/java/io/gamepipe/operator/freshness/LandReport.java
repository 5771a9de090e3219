package io.gamepipe.operator.freshness;

import java.time.Instant;
import java.util.Map;

/**
 * Land's report ({@code {output-root}/_reports/land.json}, fields named in the events module's JobReports).
 *
 * @param committedOffsets per partition, the next offset not landed yet
 */
public record LandReport(Instant finishedAt, String topic, Map<Integer, Long> committedOffsets, long eventsLanded) {
  public LandReport {
    committedOffsets = Map.copyOf(committedOffsets);
  }
}
