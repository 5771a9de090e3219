package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PodSettings {
  @JsonPropertyDescription("CPU and memory of every component's main container (Kafka, ZooKeeper, HDFS, API), unless the component sets its own; replaces the per-component defaults. JVM heaps are half the memory limit (else request).")
  public ResourceRequirements resources;

  @JsonPropertyDescription("Node selector of every pod the operator creates, Spark drivers and executors included.")
  public Map<String, String> nodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription("Tolerations of every pod the operator creates, Spark drivers and executors included.")
  public List<Toleration> tolerations = new ArrayList<>();
}
