package io.gamepipe.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.gamepipe.kubetest.AuditLog;
import io.gamepipe.kubetest.KubeCluster;
import io.gamepipe.kubetest.Repository;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.builders.SparkRbacBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs after every other operator test of the run and reads the API server's audit log: the operator was never
 * refused (the RBAC of k8s/ and of the chart is enough), and every permission they grant was used by it, or is held
 * only so that it may grant it to the Spark drivers' Role (Kubernetes lets no one grant what it does not hold).
 */
@ExtendWith(OperatorExtension.class)
@Order(Integer.MAX_VALUE)
class RbacUsageIT {
  /**
   * JOSDK checks at start (a SelfSubjectRulesReview) that the operator may get, create and update its Lease, and
   * refuses to start without "update", although fabric8 renews the Lease with a PATCH.
   */
  static final Set<String> CHECKED_AT_START = Set.of("coordination.k8s.io/leases update");

  /** "group/resource verb" for every grant of these rules. */
  static Set<String> grants(List<PolicyRule> rules) {
    Set<String> grants = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(key(group, resource, verb));
          }
        }
      }
    }
    return grants;
  }

  static String key(String group, String resource, String verb) {
    return (group == null || group.isEmpty() ? "core" : group) + "/" + resource + " " + verb;
  }

  @Test
  void theOperatorWasNeverRefusedAndUsesEveryPermissionItHolds(KubeCluster cluster, InstalledOperator operator) {
    List<AuditLog.Entry> requests = cluster.auditLog().entries(e -> e.user().equals(InstalledOperator.USER));
    assertThat(requests).as("requests by the operator in this run").hasSizeGreaterThan(100);
    assertThat(requests).as("requests refused to the operator").noneMatch(e -> e.code() == 403);

    List<PolicyRule> granted = new ArrayList<>();
    for (String file : List.of("clusterrole.yaml", "leader-election-role.yaml")) {
      for (HasMetadata object : InstalledOperator.manifest(cluster.admin(),
          Repository.root().resolve("k8s/operator/" + file))) {
        if (object instanceof ClusterRole role) {
          granted.addAll(role.getRules());
        } else if (object instanceof Role role) {
          granted.addAll(role.getRules());
        }
      }
    }
    Set<String> used = new TreeSet<>();
    for (AuditLog.Entry e : requests) {
      if (e.code() >= 400 || e.resource() == null) {
        continue;
      }
      String resource = e.subresource() == null ? e.resource() : e.resource() + "/" + e.subresource();
      used.add(key(e.apiGroup(), resource, e.verb()));
      // A server-side apply that creates the object is a PATCH answered 201, authorized as a create as well.
      if (e.verb().equals("patch") && e.code() == 201) {
        used.add(key(e.apiGroup(), resource, "create"));
      }
    }
    Set<String> forTheSparkRole = grants(SparkRbacBuilder.role(Fixtures.pipeline("x", "y")).getRules());

    Set<String> unused = new TreeSet<>(grants(granted));
    unused.removeAll(used);
    unused.removeAll(forTheSparkRole);
    unused.removeAll(CHECKED_AT_START);
    System.out.println("granted and used: " + grants(granted).stream().filter(used::contains).toList());
    assertThat(unused).as("granted to the operator but never used in this run (remove them from k8s/operator/ "
        + "and the chart, or exercise them in a test)").isEmpty();
  }
}
