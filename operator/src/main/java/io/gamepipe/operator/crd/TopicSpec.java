package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicSpec {
  @JsonPropertyDescription("Topic name.")
  @Default(Defaults.TOPIC)
  @Pattern("^[a-zA-Z0-9._-]{1,249}$")
  public String name = Defaults.TOPIC;

  @JsonPropertyDescription("Partitions; can grow, never shrink.")
  @Default("1")
  @Min(1)
  @Max(1000)
  public int partitions = 1;

  @JsonPropertyDescription("Replication factor; at most kafka.brokers.")
  @Default("1")
  @Min(1)
  @Max(9)
  public int replication = 1;
}
