package io.gamepipe.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.gamepipe.operator.metrics.MetricsServer;
import io.gamepipe.operator.metrics.OperatorMetrics;
import io.gamepipe.operator.reconciler.GamePipelineReconciler;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the operator image and of {@code java -jar gamepipe-operator.jar}. */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {
  }

  public static void main(String[] args) throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    int metricsPort = MetricsServer.port(System.getenv());
    OperatorMetrics metrics = new OperatorMetrics();
    KubernetesClient client = new KubernetesClientBuilder().build();
    GamePipeOperator gamePipe = GamePipeOperator.create(client, settings,
        new GamePipelineReconciler(metrics.pipelines()), metrics.josdk());
    Operator operator = gamePipe.operator();
    operator.installShutdownHook(Duration.ofSeconds(10));
    if (settings.healthPort() >= 0) {
      HealthServer health = new HealthServer(gamePipe::ready, settings.healthPort());
      LOG.info("health endpoints on port {}", health.port());
    }
    if (metricsPort >= 0) {
      MetricsServer server = new MetricsServer(metrics::scrape, metricsPort);
      LOG.info("Prometheus metrics on port {} (/metrics)", server.port());
    }
    operator.start();
    LOG.info("gamepipe operator started: namespaces={} leaderElection={}",
        settings.namespaces().isEmpty() ? "all" : settings.namespaces(), settings.leaderElection());
  }
}
