package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.topic) || !has(self.topic.replication) || self.topic.replication <= (has(self.brokers) ? self.brokers : 1)",
    message = "kafka.topic.replication cannot exceed kafka.brokers")
public class KafkaSpec {
  @JsonPropertyDescription("Metadata mode: KRaft (default, brokers are their own controllers) or ZooKeeper (as the original pipeline; needs the zookeeper section).")
  @Default("KRaft")
  public KafkaMode mode = KafkaMode.KRaft;

  @JsonPropertyDescription("Number of brokers.")
  @Default("1")
  @Min(1)
  @Max(9)
  public int brokers = 1;

  @JsonPropertyDescription("Broker image; started with a server.properties the operator generates.")
  @Default(Defaults.KAFKA_IMAGE)
  public String image = Defaults.KAFKA_IMAGE;

  @JsonPropertyDescription("Log directory storage of each broker.")
  @Default("{}")
  public StorageSpec storage = new StorageSpec();

  @JsonPropertyDescription("CPU and memory of each broker; overrides pod.resources. Default: requests cpu 250m, memory 768Mi, limit memory 768Mi. The heap is half the memory limit (else request).")
  public ResourceRequirements resources;

  @JsonPropertyDescription("The events topic the game API writes and the jobs read.")
  @Default("{}")
  public TopicSpec topic = new TopicSpec();

  public enum KafkaMode { KRaft, ZooKeeper }
}
