package io.gamepipe.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gamepipe.kubetest.AuditLog;
import io.gamepipe.kubetest.KubeCluster;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus.Phase;
import io.gamepipe.operator.it.InstalledOperator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator on the real control plane: time from creating N GamePipelines at once to all their objects present
 * and to phase Ready, and the reconciliations and API requests that took. Not a test: it prints figures
 * (bench/operator/run.sh).
 */
public final class OperatorBench {
  private static final Duration LIMIT = Duration.ofMinutes(10);

  private OperatorBench() {
  }

  public static void main(String[] args) throws Exception {
    List<Integer> rounds = new ArrayList<>();
    for (String arg : args.length == 0 ? new String[] {"1", "20"} : args) {
      int count;
      try {
        count = Integer.parseInt(arg);
      } catch (NumberFormatException e) {
        count = -1;
      }
      if (count < 1 || count > 200) {
        System.err.println("each argument is a number of pipelines created at once, 1 to 200 (got '" + arg + "')");
        System.exit(2);
      }
      rounds.add(count);
    }
    long startedCluster = System.nanoTime();
    try (KubeCluster cluster = KubeCluster.start();
        InstalledOperator operator = InstalledOperator.install(cluster, true)) {
      System.out.printf("control plane and operator up in %.1f s%n", seconds(System.nanoTime() - startedCluster));
      System.out.println("| pipelines | all objects present | all Ready | per pipeline: reconciliations | "
          + "API requests by the operator | of which writes |");
      System.out.println("|---|---|---|---|---|---|");
      int round = 0;
      for (int count : rounds) {
        round++;
        measure(cluster, operator, "r" + round, count);
      }
    }
  }

  private static void measure(KubeCluster cluster, InstalledOperator operator, String prefix, int count)
      throws InterruptedException {
    KubernetesClient admin = cluster.admin();
    List<String> namespaces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String ns = prefix + "-p" + i;
      namespaces.add(ns);
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    long reconciliationsBefore = operator.reconciler().reconciliations();
    Instant from = Instant.now();
    long start = System.nanoTime();
    for (String ns : namespaces) {
      admin.resource(Fixtures.newPipeline("bench", ns)).create();
    }
    long present = -1;
    long ready = -1;
    Instant deadline = Instant.now().plus(LIMIT);
    while ((present < 0 || ready < 0) && Instant.now().isBefore(deadline)) {
      if (present < 0 && namespaces.stream().allMatch(ns -> allObjectsPresent(admin, ns))) {
        present = System.nanoTime() - start;
      }
      if (ready < 0 && namespaces.stream().allMatch(ns -> phase(admin, ns) == Phase.Ready)) {
        ready = System.nanoTime() - start;
      }
      Thread.sleep(100);
    }
    if (ready < 0) {
      throw new IllegalStateException("not all " + count + " pipelines Ready within " + LIMIT);
    }
    long reconciliations = operator.reconciler().reconciliations() - reconciliationsBefore;
    List<AuditLog.Entry> requests = cluster.auditLog().by(InstalledOperator.USER, from).stream()
        .filter(e -> e.namespace() == null || namespaces.contains(e.namespace()))
        .filter(e -> !"leases".equals(e.resource()))
        .toList();
    long writes = requests.stream().filter(AuditLog.Entry::isWrite).count();
    System.out.printf("| %d | %.1f s | %.1f s | %.1f | %.1f | %.1f |%n", count, seconds(present), seconds(ready),
        (double) reconciliations / count, (double) requests.size() / count, (double) writes / count);
    Map<String, Integer> byVerb = new TreeMap<>();
    requests.forEach(e -> byVerb.merge(e.verb() + " " + e.target(), 1, Integer::sum));
    System.out.println("  requests by verb and resource: " + byVerb);
    printMetricsCost(operator, count);
  }

  /** What Prometheus would read from the operator's /metrics now: series, bytes, and the time one scrape takes. */
  private static void printMetricsCost(InstalledOperator operator, int count) {
    String scrape = operator.scrapeMetrics();
    long start = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      scrape = operator.scrapeMetrics();
    }
    long pipelineSeries = scrape.lines().filter(line -> line.startsWith("gamepipe_operator_")).count();
    System.out.printf("  /metrics: %d series, of which %d gamepipe_operator_* (all pipelines so far), %.0f KiB,"
        + " %.1f ms per scrape (after %d more pipelines)%n", scrape.lines().filter(line -> !line.startsWith("#")).count(),
        pipelineSeries, scrape.length() / 1024.0, seconds(System.nanoTime() - start) * 100, count);
  }

  private static boolean allObjectsPresent(KubernetesClient admin, String ns) {
    // KRaft defaults: 2 StatefulSets before the DataNodes, 4 Services, the API Deployment, the topic Job.
    return admin.apps().statefulSets().inNamespace(ns).list().getItems().size() == 3
        && admin.apps().deployments().inNamespace(ns).list().getItems().size() == 1
        && admin.batch().v1().jobs().inNamespace(ns).list().getItems().size() == 1;
  }

  private static Phase phase(KubernetesClient admin, String ns) {
    GamePipeline cr = admin.resources(GamePipeline.class).inNamespace(ns).withName("bench").get();
    return cr == null || cr.getStatus() == null ? null : cr.getStatus().phase;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
