package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class GamePipelineStatus {
  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Lifecycle phase computed from the conditions: Pending, Progressing, Ready or Degraded.")
  public Phase phase;

  @JsonPropertyDescription("Ready, Progressing and Degraded, with reasons and messages.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Readiness of each component, by the app.kubernetes.io/name of its pods: zookeeper, kafka, kafka-topic, hdfs-namenode, hdfs-datanode, game-api.")
  public Map<String, ComponentStatus> components = new LinkedHashMap<>();

  @JsonPropertyDescription("Where clients reach the pipeline.")
  public Endpoints endpoints;

  @JsonPropertyDescription("The runs still kept, newest first per job.")
  public List<RunStatus> runs = new ArrayList<>();

  @JsonPropertyDescription("Id of the last run request handled.")
  public String lastRunRequestId;

  @JsonPropertyDescription("Last schedule slot that started runs (RFC 3339).")
  public String lastScheduleTime;

  @JsonPropertyDescription("Next schedule slot (RFC 3339).")
  public String nextScheduleTime;

  @JsonPropertyDescription("How far behind the landed data is: events in the topic not landed yet, the oldest of them, land's last run, compact's last report.")
  public Freshness freshness;

  @JsonPropertyDescription("The spec last applied (JSON), to tell what a change altered.")
  public String lastReconciledSpec;

  public enum Phase { Pending, Progressing, Ready, Degraded }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ComponentStatus {
    public boolean ready;
    public Integer replicas;
    public Integer readyReplicas;
    public String message;

    public ComponentStatus() {
    }

    public ComponentStatus(boolean ready, Integer replicas, Integer readyReplicas, String message) {
      this.ready = ready;
      this.replicas = replicas;
      this.readyReplicas = readyReplicas;
      this.message = message;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Endpoints {
    public String kafkaBootstrapServers;
    public String hdfsUri;
    public String apiUrl;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RunStatus {
    public String job;
    public String name;
    @JsonPropertyDescription("schedule or request")
    public String trigger;
    @JsonPropertyDescription("The spark-operator's applicationState.state (SUBMITTED, RUNNING, COMPLETED, FAILED, ...), PENDING before it reports.")
    public String state;
    public String submittedAt;
    public String message;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Freshness {
    @JsonPropertyDescription("Events in the topic that land has not landed yet (end offsets minus land's committed offsets); absent when unknown.")
    public Long eventsNotLanded;
    @JsonPropertyDescription("Kafka timestamp of the oldest event not landed yet (RFC 3339); absent when every event is landed or when unknown.")
    public String oldestNotLandedEventTime;
    @JsonPropertyDescription("When the last successful land run finished and committed (RFC 3339), from its report; absent before the first run.")
    public String lastLandRunTime;
    @JsonPropertyDescription("Events landed by that run.")
    public Long lastLandRunEvents;
    @JsonPropertyDescription("Why a figure is unknown (Kafka or HDFS not reachable from the operator).")
    public String message;
    @JsonPropertyDescription("The last compact run's report, when there is one.")
    public Compaction compaction;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Compaction {
    @JsonPropertyDescription("When the last compact run finished (RFC 3339).")
    public String finishedAt;
    public Long filesBefore;
    public Long filesAfter;
    @JsonPropertyDescription("The retention it applied; absent when data is kept for ever.")
    public Long retentionDays;
    @JsonPropertyDescription("Partitions deleted by retention, and the bytes that freed.")
    public Long partitionsDeleted;
    public Long bytesFreed;
  }
}
