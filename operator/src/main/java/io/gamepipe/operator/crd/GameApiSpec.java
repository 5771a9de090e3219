package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class GameApiSpec {
  @JsonPropertyDescription("Deploy the game API (false removes its Deployment, Service, Ingress and HTTPRoute).")
  @Default("true")
  public boolean enabled = true;

  @JsonPropertyDescription("Number of API pods.")
  @Default("1")
  @Min(0)
  @Max(50)
  public int replicas = 1;

  @JsonPropertyDescription("Game API image.")
  @Default(Defaults.GAME_API_IMAGE)
  public String image = Defaults.GAME_API_IMAGE;

  @JsonPropertyDescription("Items a purchase_item request may name (GAME_ALLOWED_ITEMS).")
  @Default("sword,knife")
  @Pattern("^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$")
  public String allowedItems = "sword,knife";

  @JsonPropertyDescription("CPU and memory of the API container; overrides pod.resources. Default: requests cpu 100m, memory 512Mi, limit memory 512Mi. The heap is half the memory limit (else request).")
  public ResourceRequirements resources;

  @JsonPropertyDescription("Ingress in front of the API; created when host is set.")
  @Default("{}")
  public IngressSpec ingress = new IngressSpec();

  @JsonPropertyDescription("Gateway API HTTPRoute (gateway.networking.k8s.io/v1) in front of the API; created when gateway is set. Needs the Gateway API CRDs and an implementation serving the Gateway.")
  @Default("{}")
  public HttpRouteSpec httpRoute = new HttpRouteSpec();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class HttpRouteSpec {
    @JsonPropertyDescription("Name of the Gateway the route attaches to (parentRefs); empty means no HTTPRoute.")
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    public String gateway;

    @JsonPropertyDescription("Namespace of the Gateway; empty means the pipeline's own. The Gateway's listener must allow routes from the pipeline's namespace.")
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    public String gatewayNamespace;

    @JsonPropertyDescription("Listener of the Gateway to attach to (parentRefs sectionName); empty means every listener that accepts the route.")
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    public String sectionName;

    @JsonPropertyDescription("Host names the route answers (e.g. localhost); empty means every host name its listener accepts.")
    @Size(max = 16)
    public List<@Pattern("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$") String> hostnames = new ArrayList<>();
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class IngressSpec {
    @JsonPropertyDescription("Host name served by the Ingress; empty means no Ingress.")
    @Pattern("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    public String host;

    @JsonPropertyDescription("IngressClass name (the Ingress controller that serves it, e.g. nginx, traefik); empty uses the cluster's default class.")
    public String className;

    @JsonPropertyDescription("Secret holding the TLS certificate for host; empty serves plain HTTP.")
    public String tlsSecretName;
  }
}
