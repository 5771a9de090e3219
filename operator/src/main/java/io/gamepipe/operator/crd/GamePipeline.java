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
@ValidationRule(value = "self.metadata.name.size() <= 27",
    message = "metadata.name may have at most 27 characters (run names are derived from it)")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Kafka", jsonPath = ".spec.kafka.mode")
@AdditionalPrinterColumn(name = "API", jsonPath = ".status.endpoints.apiUrl", priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class GamePipeline extends CustomResource<GamePipelineSpec, GamePipelineStatus> implements Namespaced {
  public static final String GROUP = "gamepipe.io";
  public static final String VERSION = "v1alpha1";

  @Override
  protected GamePipelineSpec initSpec() {
    // A CR without spec is valid: every field has a default.
    return new GamePipelineSpec();
  }
}
