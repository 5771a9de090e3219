package io.gamepipe.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator as deployed with several replicas: leader election on a Lease, one namespace, health endpoints. */
class OperatorRuntimeTest {
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = new MockCluster(new OperatorSettings(Set.of("games"), true, "gamepipe-operator", "ops", false, -1, false));
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void theLeaderHoldsTheLeaseAndReconcilesOnlyTheWatchedNamespace() {
    var lease = await().atMost(Duration.ofSeconds(30)).until(
        () -> client.leases().inNamespace("ops").withName("gamepipe-operator").get(),
        l -> l != null && l.getSpec().getHolderIdentity() != null);
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isPositive();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.gamePipe().leading());

    client.resource(Fixtures.newPipeline("watched", "games")).create();
    client.resource(Fixtures.newPipeline("ignored", "elsewhere")).create();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> client.apps().statefulSets().inNamespace("games").withName("watched-kafka").get() != null);
    assertThat(client.apps().statefulSets().inNamespace("elsewhere").list().getItems()).isEmpty();
  }

  @Test
  void healthEndpointsAnswerOnceTheOperatorRuns() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.gamePipe().leading());
    try (HealthServer health = new HealthServer(cluster.gamePipe()::ready, 0)) {
      HttpClient http = HttpClient.newHttpClient();
      for (String path : new String[] {"/healthz", "/readyz"}) {
        HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + health.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
      }
    }
    try (HealthServer health = new HealthServer(() -> false, 0)) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + health.port() + "/readyz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(503);
    }
  }
}
