package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ZooKeeperSpec {
  @JsonPropertyDescription("Ensemble size; odd so that a majority exists (1, 3, 5 or 7).")
  @Default("1")
  @Min(1)
  @Max(7)
  public int replicas = 1;

  @JsonPropertyDescription("ZooKeeper image (the official one, or one with zkServer.sh on the PATH and bash); started with a zoo.cfg the operator generates.")
  @Default(Defaults.ZOOKEEPER_IMAGE)
  public String image = Defaults.ZOOKEEPER_IMAGE;

  @JsonPropertyDescription("Data directory storage of each server.")
  @Default("{}")
  public StorageSpec storage = new StorageSpec();

  @JsonPropertyDescription("CPU and memory of each server; overrides pod.resources. Default: requests cpu 100m, memory 384Mi, limit memory 384Mi. The heap is half the memory limit (else request).")
  public ResourceRequirements resources;
}
