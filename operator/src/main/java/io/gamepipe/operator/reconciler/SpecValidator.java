package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineSpec;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;
import io.gamepipe.operator.freshness.Durations;
import io.gamepipe.operator.runs.Cron;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the schema cannot make (or that an API server without CEL, or the mock server, would let through):
 * contradictory settings, and changes a running pipeline cannot take. Any problem means nothing is applied.
 */
public final class SpecValidator {
  /** Run names add up to 29 characters to the CR's name and the spark-operator adds up to 7 more to a 63-limit. */
  public static final int MAX_NAME_LENGTH = GamePipeline.MAX_NAME_LENGTH;

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private SpecValidator() {
  }

  public static List<String> validate(GamePipeline cr) {
    List<String> problems = new ArrayList<>();
    GamePipelineSpec spec = cr.getSpec();
    if (!cr.getMetadata().getName().matches(GamePipeline.NAME_PATTERN)) {
      problems.add("metadata.name '" + cr.getMetadata().getName() + "' is not a DNS-1035 label (lower-case letters,"
          + " digits and '-', starting with a letter, ending with a letter or digit): Services are named after it");
    }
    if (cr.getMetadata().getName().length() > MAX_NAME_LENGTH) {
      problems.add("metadata.name is longer than " + MAX_NAME_LENGTH + " characters, too long for the run names");
    }
    if (spec.kafka.topic.replication > spec.kafka.brokers) {
      problems.add("kafka.topic.replication (" + spec.kafka.topic.replication + ") exceeds kafka.brokers ("
          + spec.kafka.brokers + ")");
    }
    if (spec.kafka.mode == KafkaMode.ZooKeeper && spec.zookeeper.replicas % 2 == 0) {
      problems.add("zookeeper.replicas (" + spec.zookeeper.replicas + ") must be odd for a majority quorum");
    }
    if (spec.hdfs.replication > spec.hdfs.dataNodes.replicas) {
      problems.add("hdfs.replication (" + spec.hdfs.replication + ") exceeds hdfs.dataNodes.replicas ("
          + spec.hdfs.dataNodes.replicas + ")");
    }
    var ingress = spec.gameApi.ingress;
    boolean hasHost = ingress.host != null && !ingress.host.isBlank();
    if (!hasHost && (notBlank(ingress.tlsSecretName) || notBlank(ingress.className))) {
      problems.add("gameApi.ingress.tlsSecretName/className need gameApi.ingress.host");
    }
    if (hasHost && !spec.gameApi.enabled) {
      problems.add("gameApi.ingress.host is set but gameApi.enabled is false");
    }
    var route = spec.gameApi.httpRoute;
    boolean hasGateway = notBlank(route.gateway);
    if (!hasGateway && (notBlank(route.gatewayNamespace) || notBlank(route.sectionName) || !route.hostnames.isEmpty())) {
      problems.add("gameApi.httpRoute.gatewayNamespace/sectionName/hostnames need gameApi.httpRoute.gateway");
    }
    if (hasGateway && !spec.gameApi.enabled) {
      problems.add("gameApi.httpRoute.gateway is set but gameApi.enabled is false");
    }
    if (notBlank(spec.spark.schedule)) {
      try {
        if (Cron.parse(spec.spark.schedule).next(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)).isEmpty()) {
          problems.add("spark.schedule '" + spec.spark.schedule + "' never fires");
        }
      } catch (IllegalArgumentException e) {
        problems.add("spark.schedule: " + e.getMessage());
      }
      if (spec.spark.jobs.isEmpty()) {
        problems.add("spark.schedule is set but spark.jobs is empty");
      }
    }
    if (spec.spark.jobs.stream().distinct().count() != spec.spark.jobs.size()) {
      problems.add("spark.jobs lists a job twice");
    }
    var freshness = spec.freshness;
    checkDuration(problems, "freshness.maxAge", freshness.maxAge, false);
    checkDuration(problems, "freshness.pollInterval", freshness.pollInterval, true);
    if (freshness.maxEventsNotLanded != null && freshness.maxEventsNotLanded < 0) {
      problems.add("freshness.maxEventsNotLanded must not be negative, got " + freshness.maxEventsNotLanded);
    }
    lastApplied(cr).ifPresent(before -> problems.addAll(changes(before, spec)));
    return problems;
  }

  /** Changes a running pipeline cannot take, found against the spec last applied (status.lastReconciledSpec). */
  static List<String> changes(GamePipelineSpec before, GamePipelineSpec after) {
    List<String> problems = new ArrayList<>();
    if (before.kafka.mode != after.kafka.mode) {
      problems.add("kafka.mode cannot change from " + before.kafka.mode + " to " + after.kafka.mode
          + " on an existing pipeline: the brokers' metadata would be lost (create a new GamePipeline)");
    } else if (after.kafka.mode == KafkaMode.KRaft && before.kafka.brokers != after.kafka.brokers) {
      problems.add("kafka.brokers cannot change from " + before.kafka.brokers + " to " + after.kafka.brokers
          + " in KRaft mode: every broker is a voter of a static controller quorum");
    }
    return problems;
  }

  private static java.util.Optional<GamePipelineSpec> lastApplied(GamePipeline cr) {
    if (cr.getStatus() == null || cr.getStatus().lastReconciledSpec == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(JSON.unmarshal(cr.getStatus().lastReconciledSpec, GamePipelineSpec.class));
  }

  private static void checkDuration(List<String> problems, String field, String value, boolean required) {
    if (value == null && !required) {
      return;
    }
    try {
      Durations.parse(value);
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
    }
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}
