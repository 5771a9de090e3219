package io.gamepipe.operator.builders;

import static io.gamepipe.operator.builders.PodAssertions.assertHardened;
import static io.gamepipe.operator.builders.PodAssertions.assertOwned;
import static io.gamepipe.operator.builders.PodAssertions.assertPodSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GameApiBuilderTest {
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");

  @Test
  void deploymentIsConfiguredThroughTheDocumentedEnvironment() {
    cr.getSpec().gameApi.replicas = 3;
    cr.getSpec().gameApi.image = "gamepipe/game-api:0.2.0";
    cr.getSpec().gameApi.allowedItems = "sword,knife,shield";
    cr.getSpec().kafka.topic.name = "game-events";
    cr.getSpec().kafka.topic.partitions = 6;
    cr.getSpec().kafka.topic.replication = 1;
    var deployment = GameApiBuilder.deployment(cr);
    assertOwned(deployment, cr, "game-api");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("gamepipe/game-api:0.2.0");
    assertThat(container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue)))
        .containsEntry("SERVER_PORT", "5000")
        .containsEntry("MANAGEMENT_SERVER_PORT", "8081")
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "game-kafka-bootstrap.prod.svc:9092")
        .containsEntry("EVENTS_TOPIC", "game-events")
        .containsEntry("EVENTS_TOPIC_PARTITIONS", "6")
        .containsEntry("EVENTS_TOPIC_REPLICATION", "1")
        .containsEntry("GAME_ALLOWED_ITEMS", "sword,knife,shield");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8081);
    assertThat(container.getReadinessProbe().getPeriodSeconds()).as("ready soon after the warm-up").isEqualTo(2);
    assertThat(container.getReadinessProbe().getFailureThreshold() * container.getReadinessProbe().getPeriodSeconds())
        .as("a minute of failures before the pod leaves the Service").isEqualTo(60);
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8081);
    assertThat(container.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(5000, 8081);
    assertHardened(deployment.getSpec().getTemplate().getSpec(), true);
  }

  @Test
  void ownResourcesWinOverPodSettings() {
    PodAssertions.withPodSettings(cr);
    assertPodSettings(GameApiBuilder.deployment(cr).getSpec().getTemplate().getSpec());
    cr.getSpec().gameApi.resources = new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("2")).build();
    var resources = GameApiBuilder.deployment(cr).getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    assertThat(resources.getRequests()).containsExactlyEntriesOf(java.util.Map.of("cpu", new Quantity("2")));
    assertThat(resources.getLimits()).isEmpty();
  }

  @Test
  void serviceExposesPort5000() {
    var service = GameApiBuilder.service(cr);
    assertOwned(service, cr, "game-api");
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(5000);
      assertThat(p.getTargetPort().getIntVal()).isEqualTo(5000);
    });
    assertThat(Names.apiUrl(cr)).isEqualTo("http://game-game-api.prod.svc:5000");
  }

  @Test
  void ingressServesTheHostWithClassAndTls() {
    assertThat(GameApiBuilder.wantsIngress(cr)).isFalse();
    cr.getSpec().gameApi.ingress.host = "play.example.com";
    cr.getSpec().gameApi.ingress.className = "nginx";
    cr.getSpec().gameApi.ingress.tlsSecretName = "play-tls";
    assertThat(GameApiBuilder.wantsIngress(cr)).isTrue();
    var ingress = GameApiBuilder.ingress(cr);
    assertOwned(ingress, cr, "game-api");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
      assertThat(tls.getHosts()).containsExactly("play.example.com");
      assertThat(tls.getSecretName()).isEqualTo("play-tls");
    });
    var path = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
    assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("play.example.com");
    assertThat(path.getBackend().getService().getName()).isEqualTo("game-game-api");
    assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(5000);
    assertThat(Names.apiUrl(cr)).isEqualTo("https://play.example.com");

    cr.getSpec().gameApi.ingress.tlsSecretName = null;
    cr.getSpec().gameApi.ingress.className = null;
    assertThat(GameApiBuilder.ingress(cr).getSpec().getTls()).isEmpty();
    assertThat(GameApiBuilder.ingress(cr).getSpec().getIngressClassName()).isNull();
    assertThat(Names.apiUrl(cr)).isEqualTo("http://play.example.com");
    cr.getSpec().gameApi.enabled = false;
    assertThat(GameApiBuilder.wantsIngress(cr)).isFalse();
  }

  @Test
  void anHttpRouteAttachesToTheNamedGatewayAndSendsEveryPathToTheService() {
    assertThat(GameApiBuilder.wantsHttpRoute(cr)).isFalse();
    cr.getSpec().gameApi.httpRoute.gateway = "shared";
    cr.getSpec().gameApi.httpRoute.gatewayNamespace = "gateways";
    cr.getSpec().gameApi.httpRoute.sectionName = "http";
    cr.getSpec().gameApi.httpRoute.hostnames = java.util.List.of("game.example.com");
    assertThat(GameApiBuilder.wantsHttpRoute(cr)).isTrue();
    var route = GameApiBuilder.httpRoute(cr);
    assertOwned(route, cr, "game-api");
    assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
    assertThat(route.getMetadata().getName()).isEqualTo("game-game-api");
    assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(parent -> {
      assertThat(parent.getGroup()).isEqualTo("gateway.networking.k8s.io");
      assertThat(parent.getKind()).isEqualTo("Gateway");
      assertThat(parent.getName()).isEqualTo("shared");
      assertThat(parent.getNamespace()).isEqualTo("gateways");
      assertThat(parent.getSectionName()).isEqualTo("http");
    });
    assertThat(route.getSpec().getHostnames()).containsExactly("game.example.com");
    var rule = route.getSpec().getRules().get(0);
    assertThat(rule.getMatches().get(0).getPath().getType()).isEqualTo("PathPrefix");
    assertThat(rule.getMatches().get(0).getPath().getValue()).isEqualTo("/");
    assertThat(rule.getBackendRefs()).singleElement().satisfies(backend -> {
      assertThat(backend.getName()).isEqualTo("game-game-api");
      assertThat(backend.getPort()).isEqualTo(5000);
    });
    assertThat(Names.apiUrl(cr)).isEqualTo("http://game.example.com");

    // The spec's hash decides updates: a server's defaults on the stored route change nothing.
    String hash = route.getMetadata().getAnnotations().get(Hashes.CONFIG_HASH);
    assertThat(GameApiBuilder.httpRoute(cr).getMetadata().getAnnotations()).containsEntry(Hashes.CONFIG_HASH, hash);
    cr.getSpec().gameApi.httpRoute.hostnames = java.util.List.of("other.example.com");
    assertThat(GameApiBuilder.httpRoute(cr).getMetadata().getAnnotations().get(Hashes.CONFIG_HASH)).isNotEqualTo(hash);

    // Without a namespace or listener, the route attaches to the Gateway of its own namespace, every listener.
    cr.getSpec().gameApi.httpRoute.gatewayNamespace = null;
    cr.getSpec().gameApi.httpRoute.sectionName = null;
    var parent = GameApiBuilder.httpRoute(cr).getSpec().getParentRefs().get(0);
    assertThat(parent.getNamespace()).isNull();
    assertThat(parent.getSectionName()).isNull();
    cr.getSpec().gameApi.enabled = false;
    assertThat(GameApiBuilder.wantsHttpRoute(cr)).isFalse();
  }
}
