package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gamepipe.operator.crd.GamePipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** The game API: configured only through the environment variables of docs/interfaces.md. */
public final class GameApiBuilder {
  public static final String COMPONENT = "game-api";
  public static final String HTTP_ROUTE_GROUP = "gateway.networking.k8s.io";
  public static final String HTTP_ROUTE_API_VERSION = HTTP_ROUTE_GROUP + "/v1";
  public static final String HTTP_ROUTE_PLURAL = "httproutes";
  static final int READINESS_PERIOD_SECONDS = 2;
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private GameApiBuilder() {
  }

  public static Deployment deployment(GamePipeline cr) {
    var api = cr.getSpec().gameApi;
    var topic = cr.getSpec().kafka.topic;
    var resources = Resources.effective(cr, api.resources, Resources.gameApi());
    var container = new ContainerBuilder()
        .withName(COMPONENT)
        .withImage(api.image)
        .withEnv(
            PodTemplates.env("SERVER_PORT", Names.API_PORT),
            PodTemplates.env("MANAGEMENT_SERVER_PORT", Names.API_MANAGEMENT_PORT),
            PodTemplates.env("KAFKA_BOOTSTRAP_SERVERS", Names.bootstrapServers(cr)),
            PodTemplates.env("EVENTS_TOPIC", topic.name),
            PodTemplates.env("EVENTS_TOPIC_PARTITIONS", topic.partitions),
            PodTemplates.env("EVENTS_TOPIC_REPLICATION", topic.replication),
            PodTemplates.env("GAME_ALLOWED_ITEMS", api.allowedItems))
        // Read by every JVM: the image's java command line is Jib's, which sets no heap.
        .addAllToEnv(Resources.heapEnv("JAVA_TOOL_OPTIONS", resources, heap -> "-Xmx" + heap + "m"))
        .withPorts(PodTemplates.port("http", Names.API_PORT),
            PodTemplates.port("management", Names.API_MANAGEMENT_PORT))
        // The API reports ready once its warm-up is over (a few seconds to API_WARM_UP): probed every 2 s so a new
        // pod takes traffic soon after; 30 failures keep the minute a passing Kafka outage had before it is taken out.
        .withReadinessProbe(new ProbeBuilder(PodTemplates.httpProbe("/actuator/health/readiness", Names.API_MANAGEMENT_PORT, 5))
            .withPeriodSeconds(READINESS_PERIOD_SECONDS).withFailureThreshold(30).build())
        .withLivenessProbe(PodTemplates.httpProbe("/actuator/health/liveness", Names.API_MANAGEMENT_PORT, 30))
        .withResources(resources)
        .withSecurityContext(PodTemplates.containerSecurity())
        .build();
    return new DeploymentBuilder()
        .withMetadata(Ownership.meta(cr, Names.gameApi(cr), COMPONENT))
        .withNewSpec()
        .withReplicas(api.replicas)
        .withNewSelector().withMatchLabels(Labels.selector(cr, COMPONENT)).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(Labels.of(cr, COMPONENT)).endMetadata()
        .withSpec(new PodSpecBuilder(PodTemplates.podSpec(cr, container))
            .withTopologySpreadConstraints(PodTemplates.spreadOverNodes(cr, COMPONENT)).build())
        .endTemplate()
        .endSpec()
        .build();
  }

  public static Service service(GamePipeline cr) {
    return Services.clusterIp(cr, Names.gameApi(cr), COMPONENT, Services.port("http", Names.API_PORT));
  }

  public static boolean wantsIngress(GamePipeline cr) {
    var api = cr.getSpec().gameApi;
    return api.enabled && api.ingress.host != null && !api.ingress.host.isBlank();
  }

  public static boolean wantsHttpRoute(GamePipeline cr) {
    var api = cr.getSpec().gameApi;
    return api.enabled && api.httpRoute.gateway != null && !api.httpRoute.gateway.isBlank();
  }

  /**
   * An HTTPRoute (Gateway API v1) sending every path to the API's Service, attached to the Gateway the spec names.
   * Its desired spec's hash is an annotation: a server fills in defaults (parentRefs group/kind, backendRefs
   * weight, ...), so the operator compares hashes, not objects, and updates only when the spec changed.
   */
  public static HTTPRoute httpRoute(GamePipeline cr) {
    var route = cr.getSpec().gameApi.httpRoute;
    var parent = new ParentReferenceBuilder()
        .withGroup(HTTP_ROUTE_GROUP).withKind("Gateway").withName(route.gateway);
    if (route.gatewayNamespace != null && !route.gatewayNamespace.isBlank()) {
      parent = parent.withNamespace(route.gatewayNamespace);
    }
    if (route.sectionName != null && !route.sectionName.isBlank()) {
      parent = parent.withSectionName(route.sectionName);
    }
    HTTPRoute built = new HTTPRouteBuilder()
        .withMetadata(Ownership.meta(cr, Names.gameApi(cr), COMPONENT))
        .withNewSpec()
        .withParentRefs(parent.build())
        .withHostnames(new ArrayList<>(route.hostnames))
        .addNewRule()
        .addNewMatch().withNewPath().withType("PathPrefix").withValue("/").endPath().endMatch()
        .addNewBackendRef().withName(Names.gameApi(cr)).withPort(Names.API_PORT).endBackendRef()
        .endRule()
        .endSpec()
        .build();
    built.getMetadata().setAnnotations(new LinkedHashMap<>(Map.of(Hashes.CONFIG_HASH,
        Hashes.of(SERIALIZATION.asJson(built.getSpec())))));
    return built;
  }

  public static Ingress ingress(GamePipeline cr) {
    var ingress = cr.getSpec().gameApi.ingress;
    var spec = new IngressBuilder()
        .withMetadata(Ownership.meta(cr, Names.gameApi(cr), COMPONENT))
        .withNewSpec()
        .addNewRule()
        .withHost(ingress.host)
        .withNewHttp()
        .addNewPath()
        .withPath("/")
        .withPathType("Prefix")
        .withNewBackend().withNewService().withName(Names.gameApi(cr)).withNewPort().withNumber(Names.API_PORT)
        .endPort().endService().endBackend()
        .endPath()
        .endHttp()
        .endRule();
    if (ingress.className != null && !ingress.className.isBlank()) {
      spec = spec.withIngressClassName(ingress.className);
    }
    if (ingress.tlsSecretName != null && !ingress.tlsSecretName.isBlank()) {
      spec = spec.withTls(new IngressTLSBuilder().withHosts(ingress.host).withSecretName(ingress.tlsSecretName).build());
    }
    return spec.endSpec().build();
  }
}
