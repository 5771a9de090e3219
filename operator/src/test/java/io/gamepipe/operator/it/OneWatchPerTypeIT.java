package io.gamepipe.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gamepipe.kubetest.KubeCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's dependents share one informer per resource type: however many Services or StatefulSets a pipeline
 * owns, the API server sees one watch of that type at a time. Read from the audit log, where a watch is one request
 * (one auditID) logged when its response starts (opened) and when it completes (closed). Runs after the other tests
 * that use the shared operator, so the SparkApplication informer registered on the fly is in the count.
 */
@ExtendWith(OperatorExtension.class)
@Order(Integer.MAX_VALUE - 1)
class OneWatchPerTypeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What the operator watches: its primary and every type it owns through workflow dependents. */
  static final List<String> WATCHED = List.of("gamepipe.io/gamepipelines", "services", "configmaps",
      "serviceaccounts", "apps/statefulsets", "apps/deployments", "batch/jobs", "networking.k8s.io/ingresses",
      "rbac.authorization.k8s.io/roles", "rbac.authorization.k8s.io/rolebindings",
      "networking.k8s.io/networkpolicies", "policy/poddisruptionbudgets");

  @Test
  void theOperatorHoldsOneWatchPerResourceType(KubeCluster cluster, InstalledOperator operator) {
    Map<String, Integer> mostOpenAtOnce = await().atMost(ClusterSupport.TIMEOUT)
        .until(() -> mostWatchesOpenAtOnce(cluster.auditLog().file(), InstalledOperator.USER),
            open -> open.keySet().containsAll(WATCHED));
    System.out.println("watches open at once, per resource: " + mostOpenAtOnce);

    assertThat(mostOpenAtOnce).allSatisfy((resource, open) -> assertThat(open).as(resource).isEqualTo(1));
  }

  /** Per resource ("group/resource", core without a group), the most watches {@code user} held open at the same time. */
  static Map<String, Integer> mostWatchesOpenAtOnce(Path auditLog, String user) {
    record Stage(Instant at, String id, String resource, boolean opens) {
    }
    List<Stage> stages = new ArrayList<>();
    for (JsonNode event : events(auditLog)) {
      if (!event.path("verb").asText().equals("watch") || !event.path("user").path("username").asText().equals(user)) {
        continue;
      }
      String stage = event.path("stage").asText();
      if (!stage.equals("ResponseStarted") && !stage.equals("ResponseComplete")) {
        continue;
      }
      JsonNode ref = event.path("objectRef");
      String group = ref.path("apiGroup").asText("");
      String resource = (group.isEmpty() ? "" : group + "/") + ref.path("resource").asText();
      stages.add(new Stage(Instant.parse(event.path("stageTimestamp").asText()), event.path("auditID").asText(),
          resource, stage.equals("ResponseStarted")));
    }
    // At equal times a close counts before an open: a watch re-opened after its predecessor ended is not two.
    stages.sort(Comparator.comparing(Stage::at).thenComparing(Stage::opens));
    Set<String> opened = new HashSet<>();
    Map<String, Integer> open = new TreeMap<>();
    Map<String, Integer> most = new TreeMap<>();
    for (Stage stage : stages) {
      // A watch refused at once completes without having started: it never was open.
      if (stage.opens() ? !opened.add(stage.id()) : !opened.remove(stage.id())) {
        continue;
      }
      int now = open.merge(stage.resource(), stage.opens() ? 1 : -1, Integer::sum);
      most.merge(stage.resource(), now, Math::max);
    }
    return most;
  }

  private static List<JsonNode> events(Path auditLog) {
    List<JsonNode> events = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(auditLog)) {
        try {
          events.add(JSON.readTree(line));
        } catch (IOException halfWritten) {
          // the last line may be half written while the server runs
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events;
  }
}
