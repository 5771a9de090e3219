package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The spark-app jobs a GamePipeline can list (spark.jobs, runRequest.jobs), with their main classes: the operator's
 * copy of the contract (docs/interfaces.md), held equal to it by DataPlaneContractTest.
 */
public enum JobName {
  @JsonProperty("extract")
  EXTRACT("extract", "io.gamepipe.spark.jobs.ExtractEventsJob"),
  @JsonProperty("transform")
  TRANSFORM("transform", "io.gamepipe.spark.jobs.TransformEventsJob"),
  @JsonProperty("separate")
  SEPARATE("separate", "io.gamepipe.spark.jobs.SeparateEventsJob"),
  @JsonProperty("land")
  LAND("land", "io.gamepipe.spark.jobs.LandEventsJob"),
  @JsonProperty("compact")
  COMPACT("compact", "io.gamepipe.spark.jobs.CompactEventsJob");

  private final String id;
  private final String mainClass;

  JobName(String id, String mainClass) {
    this.id = id;
    this.mainClass = mainClass;
  }

  public String id() {
    return id;
  }

  public String mainClass() {
    return mainClass;
  }

  public static JobName fromId(String id) {
    for (JobName job : values()) {
      if (job.id.equals(id)) {
        return job;
      }
    }
    throw new IllegalArgumentException("unknown job " + id);
  }
}
