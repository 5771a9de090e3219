package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How far behind the landed data may fall: the thresholds of the Fresh condition, and how often the lag is measured. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FreshnessSpec {
  /** A duration: a whole number and a unit, s, m, h or d. */
  public static final String DURATION_PATTERN = "^[1-9][0-9]{0,5}[smhd]$";

  @JsonPropertyDescription("Fresh turns False when more events than this are in the topic but not landed yet. Unset: no limit on the count.")
  @Min(0)
  public Long maxEventsNotLanded;

  @JsonPropertyDescription("Fresh turns False when the oldest event not landed yet is older than this (e.g. 30m, 2h, 1d). Unset: no limit on the age.")
  @Pattern(DURATION_PATTERN)
  public String maxAge;

  @JsonPropertyDescription("How often the operator measures the lag (Kafka offsets, land's report on HDFS), e.g. 30s, 5m. The status is written only when a figure changed.")
  @Default("30s")
  @Pattern(DURATION_PATTERN)
  public String pollInterval = "30s";
}
