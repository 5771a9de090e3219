package io.gamepipe.operator;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's configuration, from environment variables (set by the Deployment or Helm chart).
 *
 * @param namespaces namespaces to watch; empty means all, {@code JOSDK_WATCH_CURRENT} the operator's own
 * @param leaderElection whether to take a Lease before reconciling (needed with more than one replica)
 * @param leaseName name of that Lease
 * @param leaseNamespace namespace of that Lease; null means the operator's own
 * @param exitOnLeadershipLoss end the process when the Lease is lost, so the pod restarts as a standby (production);
 *     tests in a shared JVM keep it running
 * @param healthPort port of /healthz and /readyz; 0 picks a free one, -1 disables them
 * @param serverSideApply use server-side apply for owned objects and the status (production); fabric8's mock
 *     server does not implement it
 */
public record OperatorSettings(Set<String> namespaces, boolean leaderElection, String leaseName,
    String leaseNamespace, boolean exitOnLeadershipLoss, int healthPort, boolean serverSideApply) {

  public static final String WATCH_CURRENT = "JOSDK_WATCH_CURRENT";

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    Set<String> namespaces = Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
        .map(String::trim)
        .filter(ns -> !ns.isEmpty())
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    return new OperatorSettings(namespaces,
        Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION_ENABLED", "false")),
        env.getOrDefault("LEADER_ELECTION_LEASE_NAME", "gamepipe-operator"),
        env.get("LEADER_ELECTION_NAMESPACE"),
        Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION_EXIT_ON_LOSS", "true")),
        Integer.parseInt(env.getOrDefault("HEALTH_PORT", "8080")),
        Boolean.parseBoolean(env.getOrDefault("SERVER_SIDE_APPLY", "true")));
  }
}
