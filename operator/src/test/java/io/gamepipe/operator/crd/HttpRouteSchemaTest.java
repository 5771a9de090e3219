package io.gamepipe.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.MockCluster;
import io.gamepipe.operator.builders.GameApiBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTPRoutes the operator builds, against src/test/resources/httproute-test-crd.yaml (the fields used, with
 * the types, bounds and patterns of Gateway API v1.3.0's HTTPRoute CRD), strictly.
 */
class HttpRouteSchemaTest {
  private static final JsonNode SCHEMA =
      SchemaSupport.strict(SchemaSupport.openApiSchema(MockCluster.crd(MockCluster.HTTPROUTE_CRD)));

  @Test
  void builtRoutesSatisfyTheTestCrdStrictly() {
    GamePipeline plain = Fixtures.pipeline("demo", "games");
    plain.getSpec().gameApi.httpRoute.gateway = "public";
    GamePipeline full = Fixtures.pipeline("full", "games");
    full.getSpec().gameApi.httpRoute.gateway = "shared";
    full.getSpec().gameApi.httpRoute.gatewayNamespace = "gateways";
    full.getSpec().gameApi.httpRoute.sectionName = "http";
    full.getSpec().gameApi.httpRoute.hostnames = List.of("game.example.com", "*.games.example.com");
    for (GamePipeline cr : List.of(plain, full)) {
      assertThat(SchemaSupport.errors(SCHEMA, GameApiBuilder.httpRoute(cr))).as(cr.getMetadata().getName()).isEmpty();
    }
  }

  @Test
  void theTestCrdRefusesWhatTheRealOneRefuses() {
    GamePipeline cr = Fixtures.pipeline("demo", "games");
    cr.getSpec().gameApi.httpRoute.gateway = "public";
    var route = GameApiBuilder.httpRoute(cr);
    route.getSpec().getRules().get(0).getMatches().get(0).getPath().setType("Prefix");
    route.getSpec().getRules().get(0).getBackendRefs().get(0).setPort(0);
    route.getSpec().setHostnames(List.of("Game_Host"));
    assertThat(SchemaSupport.errors(SCHEMA, route)).hasSize(3);
  }
}
