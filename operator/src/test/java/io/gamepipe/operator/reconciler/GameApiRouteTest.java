package io.gamepipe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import org.junit.jupiter.api.Test;

class GameApiRouteTest {
  static final KubernetesSerialization JSON = new KubernetesSerialization();

  static GamePipeline lastApplied(boolean withRoute) {
    GamePipeline cr = Fixtures.pipeline("p", "ns");
    if (withRoute) {
      cr.getSpec().gameApi.httpRoute.gateway = "gw";
    }
    cr.setStatus(new GamePipelineStatus());
    cr.getStatus().lastReconciledSpec = JSON.asJson(cr.getSpec());
    cr.getSpec().gameApi.httpRoute.gateway = null; // the route is no longer asked for
    return cr;
  }

  @Test
  void anOldRouteIsLookedForOnlyWhenTheLastAppliedSpecAskedForOne() {
    assertThat(GameApiRoute.askedForLastTime(lastApplied(true))).isTrue();
    assertThat(GameApiRoute.askedForLastTime(lastApplied(false))).isFalse();
    // Never reconciled (or the status was lost): look.
    assertThat(GameApiRoute.askedForLastTime(Fixtures.pipeline("p", "ns"))).isTrue();
  }
}
