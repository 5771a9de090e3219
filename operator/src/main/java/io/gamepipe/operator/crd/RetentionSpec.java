package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** The retention of landed data, applied by the compact job (its --retention-days). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetentionSpec {
  /** The compact job's own bound (CompactEventsJob.MAX_RETENTION_DAYS): a hundred years. */
  public static final int MAX_DAYS = 36_500;

  @JsonPropertyDescription("Days of landed partitions (landed_events' event_date, UTC) to keep: each compact run deletes the partitions older than this many days; today's is always kept.")
  @Required
  @Min(1)
  @Max(MAX_DAYS)
  public Integer days;
}
