package io.gamepipe.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One game event pipeline: Kafka (+ ZooKeeper), HDFS, the game API and its Spark jobs. */
@Group(GamePipeline.GROUP)
@Version(GamePipeline.VERSION)
@Kind("GamePipeline")
@Plural("gamepipelines")
@ShortNames("gp")
@ValidationRule(value = "self.metadata.name.size() <= " + GamePipeline.MAX_NAME_LENGTH,
    message = "metadata.name may have at most " + GamePipeline.MAX_NAME_LENGTH
        + " characters (run names are derived from it)")
// CEL on metadata.name is only allowed at the root of the schema. Kubernetes checks only the name's syntax for a
// custom resource (DNS-1123 subdomain), but the operator names Services after it, which need a DNS-1035 label.
@ValidationRule(value = "self.metadata.name.matches('" + GamePipeline.NAME_PATTERN + "')",
    message = "metadata.name must be a DNS-1035 label: lower-case letters, digits and '-', starting with a letter and"
        + " ending with a letter or digit (Services are named after it)")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Kafka", jsonPath = ".spec.kafka.mode")
@AdditionalPrinterColumn(name = "Lag", jsonPath = ".status.freshness.eventsNotLanded",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Fresh", jsonPath = ".status.conditions[?(@.type==\"Fresh\")].status", priority = 1)
@AdditionalPrinterColumn(name = "Oldest-Not-Landed", jsonPath = ".status.freshness.oldestNotLandedEventTime",
    type = AdditionalPrinterColumn.Type.DATE, priority = 1)
@AdditionalPrinterColumn(name = "Landed", jsonPath = ".status.freshness.lastLandRunTime",
    type = AdditionalPrinterColumn.Type.DATE, priority = 1)
@AdditionalPrinterColumn(name = "API", jsonPath = ".status.endpoints.apiUrl", priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class GamePipeline extends CustomResource<GamePipelineSpec, GamePipelineStatus> implements Namespaced {
  public static final String GROUP = "gamepipe.io";
  public static final String VERSION = "v1alpha1";
  /** Run names add a job, a trigger and an id to the pipeline's name, within Kubernetes' 63 characters. */
  public static final int MAX_NAME_LENGTH = 27;
  /** A DNS-1035 label (the length is checked on its own). */
  public static final String NAME_PATTERN = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

  @Override
  protected GamePipelineSpec initSpec() {
    // A CR without spec is valid: every field has a default.
    return new GamePipelineSpec();
  }
}
