package io.gamepipe.operator.reconciler;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineSpec;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;
import io.gamepipe.operator.freshness.Durations;
import io.gamepipe.operator.crd.RetentionSpec;
import io.gamepipe.operator.runs.Cron;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
    problems.addAll(apiFromProblems(spec.networkPolicies.apiFrom));
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
    if (spec.retention != null) {
      Integer days = spec.retention.days;
      if (days == null) {
        problems.add("retention.days is required when retention is set (leave retention out to keep landed data for ever)");
      } else if (days < 1 || days > RetentionSpec.MAX_DAYS) {
        problems.add("retention.days (" + days + ") must be between 1 and " + RetentionSpec.MAX_DAYS);
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

  /**
   * The API server refuses a NetworkPolicy peer that names nothing, mixes an ipBlock with selectors, or holds an
   * address range that is not a CIDR; said here in the spec's own terms, before anything is applied.
   */
  static List<String> apiFromProblems(List<NetworkPolicyPeer> peers) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      NetworkPolicyPeer peer = peers.get(i);
      String field = "networkPolicies.apiFrom[" + i + "]";
      boolean selects = peer.getPodSelector() != null || peer.getNamespaceSelector() != null;
      if (peer.getIpBlock() == null) {
        if (!selects) {
          problems.add(field + " names no peer: set namespaceSelector, podSelector or ipBlock");
        }
        continue;
      }
      if (selects) {
        problems.add(field + ": ipBlock cannot be combined with podSelector or namespaceSelector (use two peers)");
      }
      String cidr = peer.getIpBlock().getCidr();
      if (!isCidr(cidr)) {
        problems.add(field + ".ipBlock.cidr '" + cidr + "' is not a CIDR such as 10.0.0.0/8 or fd00::/8");
      }
      List<String> except = peer.getIpBlock().getExcept() == null ? List.of() : peer.getIpBlock().getExcept();
      for (int j = 0; j < except.size(); j++) {
        if (!isCidr(except.get(j))) {
          problems.add(field + ".ipBlock.except[" + j + "] '" + except.get(j) + "' is not a CIDR");
        }
      }
    }
    return problems;
  }

  private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
      + "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

  static boolean isCidr(String value) {
    if (value == null) {
      return false;
    }
    int slash = value.indexOf('/');
    if (slash < 0 || !value.substring(slash + 1).matches("\\d{1,3}")) {
      return false;
    }
    String address = value.substring(0, slash);
    int prefix = Integer.parseInt(value.substring(slash + 1));
    if (IPV4.matcher(address).matches()) {
      return prefix <= 32;
    }
    if (!IPV6.matcher(address).matches() || prefix > 128) {
      return false;
    }
    try {
      // A literal with a colon is parsed, never looked up in DNS (an IPv4-mapped one comes back as IPv4).
      InetAddress.getByName(address);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
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
