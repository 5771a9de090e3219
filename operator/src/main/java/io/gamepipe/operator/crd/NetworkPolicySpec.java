package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkPolicySpec {
  @JsonPropertyDescription("Create NetworkPolicies that let into Kafka, ZooKeeper, HDFS and the API only the pods that use them (see docs/kubernetes.md); false removes them. They take effect where the cluster's network plugin enforces NetworkPolicies.")
  @Default("true")
  public boolean enabled = true;

  @JsonPropertyDescription("Who may reach the API's HTTP port, e.g. the namespace of the Ingress controller or Gateway (NetworkPolicy peers). Empty (default): anyone, as the API is the pipeline's public entry.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public List<NetworkPolicyPeer> apiFrom = new ArrayList<>();
}
