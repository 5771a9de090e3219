package io.gamepipe.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gamepipe.embedded.junit.KafkaExtension;
import io.gamepipe.kubetest.KubeCluster;
import io.gamepipe.kubetest.KubeClusterExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitoring half of the chart against real things. On a real API server (with test copies of the Prometheus
 * Operator's CRDs) the chart's ServiceMonitor, PodMonitor and dashboard ConfigMap are accepted as rendered, and the
 * PodMonitor selects the game API pods the real operator creates. The operator's jar (against that server) and the
 * game API's jar (against a real Kafka broker) run as processes; their Prometheus endpoints are scraped and every
 * metric name the dashboard's queries read must be among the names they export.
 */
@ExtendWith(KubeClusterExtension.class)
class MonitoringIT {
  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.kraft();

  static final Duration TIMEOUT = Duration.ofSeconds(180);
  // The cluster is shared with the module's other *IT classes: a release name of its own keeps this one's
  // cluster-wide objects (ClusterRole, ClusterRoleBinding) apart from theirs.
  static final String RELEASE = "monitoring";
  static final String FULLNAME = "monitoring-gamepipe-operator";
  static final String RELEASE_NAMESPACE = "monitoring-it";
  static final String PIPELINE_NAMESPACE = "games";
  static final Path OPERATOR_JAR = Repo.ROOT.resolve("operator/target/gamepipe-operator.jar");
  static final Path API_JAR = Repo.ROOT.resolve("game-api/target/game-api.jar");
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final ResourceDefinitionContext SERVICE_MONITORS = monitoring("ServiceMonitor", "servicemonitors");
  static final ResourceDefinitionContext POD_MONITORS = monitoring("PodMonitor", "podmonitors");

  static KubeCluster cluster;
  static KubernetesClient admin;
  static final List<Process> processes = new ArrayList<>();
  static int operatorMetricsPort;
  static int apiPort;
  static int apiManagementPort;

  @BeforeAll
  static void start(KubeCluster kube) throws Exception {
    cluster = kube;
    admin = kube.admin();
    for (Path jar : List.of(OPERATOR_JAR, API_JAR)) {
      assertThat(jar).as("%s is built by the reactor before this module's tests (mvn verify -pl helm -am)", jar)
          .exists();
    }
    cluster.kubectl("apply", "-f", Path.of(MonitoringIT.class.getResource("/monitoring-test-crds.yaml").toURI())
        .toString()).orThrow();
    for (String crd : List.of("servicemonitors.monitoring.coreos.com", "podmonitors.monitoring.coreos.com")) {
      cluster.kubectl("wait", "--for=condition=Established", "crd/" + crd, "--timeout=60s").orThrow();
    }
    Release release = Chart.helm().install().withName(RELEASE).withNamespace(RELEASE_NAMESPACE)
        .createNamespace().withKubeConfig(cluster.kubeconfig())
        .set("metrics.serviceMonitor.enabled", "true").set("metrics.gameApiPodMonitor.enabled", "true")
        .set("metrics.dashboard.enabled", "true").withTimeout(120).call();
    assertThat(release.getStatus()).isEqualTo("deployed");

    operatorMetricsPort = freePort();
    processes.add(start("operator", List.of("-Xmx256m", "-jar", OPERATOR_JAR.toString()), Map.of(
        "KUBECONFIG", cluster.kubeconfig().toString(), "LEADER_ELECTION_ENABLED", "false", "HEALTH_PORT", "0",
        "METRICS_PORT", String.valueOf(operatorMetricsPort))));
    apiPort = freePort();
    apiManagementPort = freePort();
    processes.add(start("game-api", List.of("-Xmx256m", "-jar", API_JAR.toString()), Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(), "SERVER_PORT", String.valueOf(apiPort),
        "MANAGEMENT_SERVER_PORT", String.valueOf(apiManagementPort))));
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(PIPELINE_NAMESPACE).endMetadata()
        .build()).create();
    admin.resource(pipeline("demo")).create();
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process process : processes) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    if (admin != null) {
      admin.namespaces().withName(PIPELINE_NAMESPACE).delete();
      Chart.helm().uninstall(RELEASE).withNamespace(RELEASE_NAMESPACE).withKubeConfig(cluster.kubeconfig()).call();
      admin.namespaces().withName(RELEASE_NAMESPACE).delete();
    }
  }

  @Test
  void theServerKeepsTheMonitorsAndTheDashboardAsRendered() {
    var rendered = Chart.render(c -> c.withNamespace(RELEASE_NAMESPACE).withName(RELEASE)
        .set("metrics.serviceMonitor.enabled", "true").set("metrics.gameApiPodMonitor.enabled", "true")
        .set("metrics.dashboard.enabled", "true"));
    for (var kind : List.of(SERVICE_MONITORS, POD_MONITORS)) {
      GenericKubernetesResource want = Repo.all(rendered, GenericKubernetesResource.class).stream()
          .filter(o -> kind.getKind().equals(o.getKind())).findFirst().orElseThrow();
      GenericKubernetesResource stored = admin.genericKubernetesResources(kind).inNamespace(RELEASE_NAMESPACE)
          .withName(want.getMetadata().getName()).get();
      assertThat(stored).as(kind.getKind()).isNotNull();
      // Nothing pruned: every field the chart sets is one the CRD knows.
      assertThat(json(stored.getAdditionalProperties().get("spec")))
          .isEqualTo(json(want.getAdditionalProperties().get("spec")));
    }
    ConfigMap dashboard = admin.configMaps().inNamespace(RELEASE_NAMESPACE)
        .withName(FULLNAME + "-dashboard").get();
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getData()).containsKey("gamepipe.json");
  }

  @Test
  void thePodMonitorSelectsTheGameApiPodsTheOperatorCreates() {
    Deployment api = await().atMost(TIMEOUT).until(
        () -> admin.apps().deployments().inNamespace(PIPELINE_NAMESPACE).withName("demo-game-api").get(),
        d -> d != null);
    GenericKubernetesResource monitor = admin.genericKubernetesResources(POD_MONITORS).inNamespace(RELEASE_NAMESPACE)
        .withName(FULLNAME + "-game-api").get();
    JsonNode spec = json(monitor.getAdditionalProperties().get("spec"));

    Map<String, String> selector = new ObjectMapper().convertValue(spec.path("selector").path("matchLabels"),
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
    assertThat(api.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
    Container container = api.getSpec().getTemplate().getSpec().getContainers().get(0);
    String port = spec.path("podMetricsEndpoints").get(0).path("port").asText();
    assertThat(container.getPorts()).extracting(ContainerPort::getName).contains(port);
    // The pipeline label the PodMonitor copies into every series.
    assertThat(api.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", "demo");
  }

  @Test
  void everyMetricTheDashboardReadsIsExportedByTheApiOrTheOperator() throws Exception {
    // The pipeline's series appear during its first reconciliation, JOSDK's success counter once one has ended.
    String operator = await().atMost(TIMEOUT).ignoreExceptions().until(
        () -> get("http://localhost:" + operatorMetricsPort + "/metrics"),
        text -> text.contains("gamepipe_operator_component_ready{") && text.contains("pipeline=\"demo\"")
            && text.contains("operator_sdk_reconciliations_success_total{"));
    await().atMost(TIMEOUT).ignoreExceptions().until(
        () -> get("http://localhost:" + apiManagementPort + "/actuator/health/readiness"), body -> body.contains("UP"));
    assertThat(get("http://localhost:" + apiPort + "/purchase_item?item=sword")).isEqualTo("\nBought sword\n");
    String api = get("http://localhost:" + apiManagementPort + "/actuator/prometheus");

    Set<String> exported = new TreeSet<>(DashboardQueries.exportedNames(operator));
    exported.addAll(DashboardQueries.exportedNames(api));
    Map<String, Set<String>> missing = new LinkedHashMap<>();
    List<String> queries = DashboardQueries.queries(DashboardQueries.dashboard());
    assertThat(queries).hasSizeGreaterThan(10);
    for (String query : queries) {
      Set<String> names = new TreeSet<>(DashboardQueries.metricNames(query));
      assertThat(names).as(query).isNotEmpty();
      names.removeAll(exported);
      if (!names.isEmpty()) {
        missing.put(query, names);
      }
    }
    assertThat(missing).as("metrics the dashboard reads that neither endpoint exports").isEmpty();
  }

  private static GenericKubernetesResource pipeline(String name) {
    GenericKubernetesResource cr = new GenericKubernetesResource();
    cr.setApiVersion("gamepipe.io/v1alpha1");
    cr.setKind("GamePipeline");
    cr.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
        .withNamespace(PIPELINE_NAMESPACE).build());
    cr.setAdditionalProperty("spec", Map.of());
    return cr;
  }

  private static ResourceDefinitionContext monitoring(String kind, String plural) {
    return new ResourceDefinitionContext.Builder().withGroup("monitoring.coreos.com").withVersion("v1")
        .withKind(kind).withPlural(plural).withNamespaced(true).build();
  }

  private static JsonNode json(Object value) {
    return new ObjectMapper().valueToTree(value);
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  private static Process start(String name, List<String> args, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(args);
    Path log = Files.createDirectories(Repo.ROOT.resolve("helm/target/monitoring-it")).resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
