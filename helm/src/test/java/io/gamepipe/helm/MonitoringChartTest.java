package io.gamepipe.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The metrics port and Service, the optional ServiceMonitor/PodMonitor and the Grafana dashboard, as rendered. */
class MonitoringChartTest {
  private static final String FULLNAME = "gp-gamepipe-operator";

  @Test
  void byDefaultTheEndpointIsExposedAndNoMonitorOrDashboardIsRendered() {
    List<HasMetadata> objects = Chart.render();

    assertThat(monitors(objects)).isEmpty();
    assertThat(Repo.all(objects, ConfigMap.class)).isEmpty();
    Container operator = container(Repo.only(objects, Deployment.class));
    assertThat(env(operator, "METRICS_PORT")).isEqualTo("8081");
    assertThat(operator.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .contains(org.assertj.core.groups.Tuple.tuple("metrics", 8081));

    Service service = Repo.only(objects, Service.class);
    assertThat(service.getMetadata().getName()).isEqualTo(FULLNAME + "-metrics");
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getName()).isEqualTo("metrics");
      assertThat(port.getTargetPort().getStrVal()).isEqualTo("metrics");
    });
    assertThat(Repo.only(objects, Deployment.class).getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
  }

  @Test
  void theServiceMonitorScrapesTheOperatorsMetricsPort() {
    List<HasMetadata> objects = Chart.render(c -> c.set("metrics.serviceMonitor.enabled", "true")
        .set("metrics.serviceMonitor.interval", "10s").set("metrics.serviceMonitor.labels.release", "prom"));

    GenericKubernetesResource monitor = only(objects, "ServiceMonitor");
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prom");
    JsonNode spec = spec(monitor);
    Service service = Repo.only(objects, Service.class);
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(map(spec.path("selector").path("matchLabels")));
    assertThat(spec.path("namespaceSelector").path("matchNames").get(0).asText()).isEqualTo(Chart.NAMESPACE);
    JsonNode endpoint = spec.path("endpoints").get(0);
    assertThat(endpoint.path("port").asText()).isEqualTo(service.getSpec().getPorts().get(0).getName());
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    assertThat(endpoint.path("interval").asText()).isEqualTo("10s");
    // The operator's series carry the pipeline's namespace, which must win over the operator's.
    assertThat(endpoint.path("honorLabels").asBoolean()).isTrue();
    assertThat(kinds(objects)).doesNotContain("PodMonitor");
  }

  @Test
  void theGameApiPodMonitorLooksInAnyNamespaceOrInTheListedOnes() {
    GenericKubernetesResource anywhere = only(Chart.render(c -> c.set("metrics.gameApiPodMonitor.enabled", "true")),
        "PodMonitor");
    JsonNode spec = spec(anywhere);
    assertThat(map(spec.path("selector").path("matchLabels"))).isEqualTo(Map.of(
        "app.kubernetes.io/name", "game-api", "app.kubernetes.io/managed-by", "gamepipe-operator"));
    assertThat(spec.path("namespaceSelector").path("any").asBoolean()).isTrue();
    JsonNode endpoint = spec.path("podMetricsEndpoints").get(0);
    assertThat(endpoint.path("port").asText()).isEqualTo("management");
    assertThat(endpoint.path("path").asText()).isEqualTo("/actuator/prometheus");
    assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
    JsonNode relabel = endpoint.path("relabelings").get(0);
    assertThat(relabel.path("sourceLabels").get(0).asText())
        .isEqualTo("__meta_kubernetes_pod_label_app_kubernetes_io_instance");
    assertThat(relabel.path("targetLabel").asText()).isEqualTo("pipeline");

    GenericKubernetesResource listed = only(Chart.render(c -> c.set("metrics.gameApiPodMonitor.enabled", "true")
        .set("metrics.gameApiPodMonitor.namespaces[0]", "games").set("metrics.gameApiPodMonitor.namespaces[1]", "qa")),
        "PodMonitor");
    JsonNode selector = spec(listed).path("namespaceSelector");
    assertThat(selector.has("any")).isFalse();
    assertThat(selector.path("matchNames").toString()).isEqualTo("[\"games\",\"qa\"]");
  }

  @Test
  void theDashboardShipsAsAConfigMapWithTheSidecarLabel() throws Exception {
    ConfigMap dashboard = Repo.only(Chart.render(c -> c.set("metrics.dashboard.enabled", "true")), ConfigMap.class);
    assertThat(dashboard.getMetadata().getName()).isEqualTo(FULLNAME + "-dashboard");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(new ObjectMapper().readTree(dashboard.getData().get("gamepipe.json")))
        .isEqualTo(DashboardQueries.dashboard());

    ConfigMap moved = Repo.only(Chart.render(c -> c.set("metrics.dashboard.enabled", "true")
        .set("metrics.dashboard.namespace", "monitoring").set("metrics.dashboard.annotations.grafana_folder", "Games")
        .set("metrics.dashboard.labels.grafana_dashboard", "yes")), ConfigMap.class);
    assertThat(moved.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(moved.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Games");
    assertThat(moved.getMetadata().getLabels()).containsEntry("grafana_dashboard", "yes");
  }

  @Test
  void metricsOffRemovesTheEndpointPortAndService() {
    List<HasMetadata> objects = Chart.render(c -> c.set("metrics.enabled", "false"));

    Container operator = container(Repo.only(objects, Deployment.class));
    assertThat(env(operator, "METRICS_PORT")).isEqualTo("-1");
    assertThat(operator.getPorts()).extracting(ContainerPort::getName).containsExactly("health");
    assertThat(Repo.all(objects, Service.class)).isEmpty();
  }

  @Test
  void badMonitoringValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> Chart.render(c -> c.set("metrics.enabled", "false")
        .set("metrics.serviceMonitor.enabled", "true"))).hasMessageContaining("metrics.serviceMonitor.enabled needs");
    assertThatThrownBy(() -> Chart.render(c -> c.set("metrics.serviceMonitor.interval", "soon")))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> Chart.render(c -> c.set("metrics.gameApiPodMonitor.namespaces[0]", "Team_A")))
        .hasMessageContaining("namespaces");
    assertThatThrownBy(() -> Chart.render(c -> c.set("metrics.port", "80"))).hasMessageContaining("port");
    assertThatThrownBy(() -> Chart.render(c -> c.set("metrics.podMonitor.enabled", "true")))
        .hasMessageContaining("podMonitor");
  }

  @Test
  void everyDashboardPanelQueriesKnownMetricsAndFitsTheGrid() {
    JsonNode dashboard = DashboardQueries.dashboard();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", panel.path("title")).isTrue();
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel.path("title").asText()).isLessThanOrEqualTo(24);
      if (!"row".equals(panel.path("type").asText())) {
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        panel.path("targets").forEach(target -> assertThat(DashboardQueries.metricNames(target.path("expr").asText()))
            .as(target.path("expr").asText()).isNotEmpty());
      }
    }
    assertThat(dashboard.path("panels").findValuesAsText("title")).contains("Events per second by type",
        "503 answers per second", "Send-to-ack latency p99 / p50", "Kafka and HDFS readiness",
        "Runs started per hour by job", "Run outcomes in the selected range");
  }

  @Test
  void metricNamesAreReadOutOfPromQl() {
    assertThat(DashboardQueries.metricNames("histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket"
        + "{namespace=~\"$namespace\", x=\"by(y)\"}[$__rate_interval])))")).containsExactly("a_seconds_bucket");
    assertThat(DashboardQueries.metricNames("sum(rate(started_total[5m])) - on (job) sum(ok_total offset 1h)"))
        .containsExactly("started_total", "ok_total");
    assertThat(DashboardQueries.metricNames("label_values(up{job=\"x\"}, namespace)")).containsExactly("up");
    assertThat(DashboardQueries.exportedNames("# HELP a x\n# TYPE a counter\na_total{b=\"c\"} 1.0\nd 2\n"))
        .containsExactly("a_total", "d");
  }

  private static List<GenericKubernetesResource> monitors(List<HasMetadata> objects) {
    return Repo.all(objects, GenericKubernetesResource.class).stream()
        .filter(o -> Set.of("ServiceMonitor", "PodMonitor").contains(o.getKind())).toList();
  }

  private static GenericKubernetesResource only(List<HasMetadata> objects, String kind) {
    List<GenericKubernetesResource> matching = Repo.all(objects, GenericKubernetesResource.class).stream()
        .filter(o -> kind.equals(o.getKind())).toList();
    assertThat(matching).as("objects of kind %s", kind).hasSize(1);
    return matching.get(0);
  }

  private static List<String> kinds(List<HasMetadata> objects) {
    return objects.stream().map(HasMetadata::getKind).toList();
  }

  private static JsonNode spec(GenericKubernetesResource resource) {
    return new ObjectMapper().valueToTree(resource.getAdditionalProperties().get("spec"));
  }

  private static Map<String, String> map(JsonNode node) {
    return new ObjectMapper().convertValue(node, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
  }

  private static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst()
        .orElse(null);
  }
}
