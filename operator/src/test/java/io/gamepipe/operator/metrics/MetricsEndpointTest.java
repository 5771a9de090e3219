package io.gamepipe.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.MockCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator reconciling on fabric8's mock server, its /metrics read over HTTP as Prometheus reads it. */
class MetricsEndpointTest {
  static MockCluster cluster;
  static MetricsServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    cluster = new MockCluster();
    server = new MetricsServer(cluster.metrics()::scrape, 0);
  }

  @AfterAll
  static void stop() {
    server.close();
    cluster.close();
  }

  @Test
  void reconciliationsAndPipelinesAreExportedAndADeletedPipelineLeaves() throws Exception {
    KubernetesClient client = cluster.client();
    client.resource(Fixtures.newPipeline("scraped", "games")).create();
    String series = "gamepipe_operator_component_ready{component=\"kafka\",namespace=\"games\",pipeline=\"scraped\"} 0";

    // The first reconciliation has ended once JOSDK counts its success.
    String body = await().atMost(Duration.ofSeconds(30)).until(MetricsEndpointTest::scrape,
        text -> text.contains(series) && text.contains("operator_sdk_reconciliations_success_total{"));
    assertThat(body)
        .contains("operator_sdk_reconciliations_started_total{")
        .contains("operator_sdk_controllers_execution_reconcile_seconds_bucket{")
        .contains("operator_sdk_reconciliations_queue_size_gamepipeline{")
        .contains("operator_sdk_reconciliations_executions_gamepipeline{")
        .contains("gamepipe_operator_runs_started_total{namespace=\"games\",pipeline=\"scraped\",spark_job=\"extract\"} 0")
        .contains("gamepipe_operator_time_to_ready_seconds_bucket{")
        .contains("gamepipe_operator_pipeline_ready{namespace=\"games\",pipeline=\"scraped\"} 0")
        .contains("jvm_memory_used_bytes{");

    client.resource(Fixtures.newPipeline("scraped", "games")).delete();
    await().atMost(Duration.ofSeconds(30)).until(MetricsEndpointTest::scrape,
        text -> !text.contains("pipeline=\"scraped\""));
  }

  @Test
  void answersInPrometheusTextFormatAndOnlyToGet() throws Exception {
    HttpResponse<String> get = HTTP.send(request().GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(get.body()).contains("# TYPE jvm_threads_live_threads gauge");

    HttpResponse<String> post = HTTP.send(request().POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void thePortComesFromMetricsPort() {
    assertThat(MetricsServer.port(Map.of())).isEqualTo(8081);
    assertThat(MetricsServer.port(Map.of("METRICS_PORT", " 9404 "))).isEqualTo(9404);
    assertThat(MetricsServer.port(Map.of("METRICS_PORT", "0"))).isZero();
    assertThat(MetricsServer.port(Map.of("METRICS_PORT", "-1"))).isEqualTo(-1);
    for (String bad : new String[] {"metrics", "65536", "-2", "80.5"}) {
      assertThatThrownBy(() -> MetricsServer.port(Map.of("METRICS_PORT", bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("METRICS_PORT must be a port number (1-65535), 0 for any free port or -1 for no metrics"
              + " endpoint; got '" + bad + "'");
    }
  }

  private static HttpRequest.Builder request() {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/metrics"));
  }

  private static String scrape() throws Exception {
    return HTTP.send(request().GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
