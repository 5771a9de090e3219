package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HdfsSpec {
  @JsonPropertyDescription("Hadoop image for the NameNode and the DataNodes.")
  @Default(Defaults.HADOOP_IMAGE)
  public String image = Defaults.HADOOP_IMAGE;

  @JsonPropertyDescription("The single NameNode.")
  @Default("{}")
  public NameNodeSpec nameNode = new NameNodeSpec();

  @JsonPropertyDescription("The DataNodes.")
  @Default("{}")
  public DataNodesSpec dataNodes = new DataNodesSpec();

  @JsonPropertyDescription("Block replication (dfs.replication); at most dataNodes.replicas.")
  @Default("1")
  @Min(1)
  @Max(3)
  public int replication = 1;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NameNodeSpec {
    @JsonPropertyDescription("Metadata storage of the NameNode (formatted on first start only).")
    @Default("{}")
    public StorageSpec storage = new StorageSpec();

    @JsonPropertyDescription("CPU and memory of the NameNode; overrides pod.resources. Default: requests cpu 100m, memory 512Mi, limit memory 512Mi. The heap is half the memory limit (else request).")
    public ResourceRequirements resources;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DataNodesSpec {
    @JsonPropertyDescription("Number of DataNodes.")
    @Default("1")
    @Min(1)
    @Max(50)
    public int replicas = 1;

    @JsonPropertyDescription("Block storage of each DataNode.")
    @Default("{}")
    public StorageSpec storage = new StorageSpec();

    @JsonPropertyDescription("CPU and memory of each DataNode; overrides pod.resources. Default: requests cpu 100m, memory 512Mi, limit memory 512Mi. The heap is half the memory limit (else request).")
    public ResourceRequirements resources;
  }
}
