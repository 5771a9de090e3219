package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class GamePipelineSpec {
  @JsonPropertyDescription("Kafka brokers and the events topic.")
  @Default("{}")
  public KafkaSpec kafka = new KafkaSpec();

  @JsonPropertyDescription("ZooKeeper ensemble; only used when kafka.mode is ZooKeeper.")
  @Default("{}")
  public ZooKeeperSpec zookeeper = new ZooKeeperSpec();

  @JsonPropertyDescription("HDFS NameNode and DataNodes where the jobs land Parquet.")
  @Default("{}")
  public HdfsSpec hdfs = new HdfsSpec();

  @JsonPropertyDescription("The game HTTP API that turns requests into events.")
  @Default("{}")
  public GameApiSpec gameApi = new GameApiSpec();

  @JsonPropertyDescription("Spark job runs (Kubeflow spark-operator SparkApplications): schedule, on-demand requests, history.")
  @Default("{}")
  public SparkSpec spark = new SparkSpec();

  @JsonPropertyDescription("Freshness of the landed data: thresholds of the Fresh condition (none by default: no condition) and how often the lag is measured.")
  @Default("{}")
  public FreshnessSpec freshness = new FreshnessSpec();
  @JsonPropertyDescription("How long landed data is kept; unset keeps it for ever.")
  public RetentionSpec retention;

  @JsonPropertyDescription("Pod settings applied to every component (a component's own resources win).")
  @Default("{}")
  public PodSettings pod = new PodSettings();

  @JsonPropertyDescription("NetworkPolicies owned by the pipeline: on by default.")
  @Default("{}")
  public NetworkPolicySpec networkPolicies = new NetworkPolicySpec();

  @JsonPropertyDescription("What deleting the GamePipeline does to the PersistentVolumeClaims of Kafka, ZooKeeper and HDFS: Retain (default) keeps them, Delete removes them.")
  @Default("Retain")
  public DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  public enum DeletionPolicy { Retain, Delete }
}
