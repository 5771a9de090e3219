package io.gamepipe.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineSpec;
import java.util.UUID;

/** GamePipeline objects as the API server would hand them to the operator (uid set, defaults applied). */
public final class Fixtures {
  private Fixtures() {
  }

  public static GamePipeline pipeline(String name, String namespace) {
    GamePipeline cr = new GamePipeline();
    cr.setMetadata(new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withUid(UUID.nameUUIDFromBytes((namespace + "/" + name).getBytes()).toString())
        .withGeneration(1L)
        .build());
    cr.setSpec(new GamePipelineSpec());
    return cr;
  }

  /** A CR to create through the API: no uid (the server assigns it). */
  public static GamePipeline newPipeline(String name, String namespace) {
    GamePipeline cr = new GamePipeline();
    cr.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    cr.setSpec(new GamePipelineSpec());
    return cr;
  }
}
