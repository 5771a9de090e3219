package io.gamepipe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Aggregation of repeated warnings, on fabric8's CRUD mock, with a clock the test moves. */
class KubernetesEventsTest {
  static final String OPERATOR = "gamepipe-operator";
  static final Instant T0 = Instant.parse("2026-11-30T10:00:00.250Z");

  final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
      new KubernetesCrudDispatcher(), false);
  /** The operator's client, told apart from the test's by its user agent. */
  final KubernetesClient operator;
  final KubernetesClient client;
  final GamePipeline cr = Fixtures.pipeline("demo", "games");
  final MovableClock clock = new MovableClock(T0);

  {
    server.init();
    client = server.createClient();
    operator = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(OPERATOR).build()).build();
  }

  /** The operator may create and patch Events, nothing else (k8s/operator/clusterrole.yaml). */
  @AfterEach
  void onlyCreatesAndPatchesThenStops() throws InterruptedException {
    Set<String> methods = new TreeSet<>();
    for (RecordedRequest request; (request = server.takeRequest(0, TimeUnit.SECONDS)) != null; ) {
      if (OPERATOR.equals(request.getHeader("User-Agent"))) {
        methods.add(request.getMethod());
      }
    }
    operator.close();
    client.close();
    server.destroy();
    assertThat(Set.of("POST", "PATCH")).containsAll(methods);
  }

  List<Event> events() {
    return client.v1().events().inNamespace("games").list().getItems();
  }

  @Test
  void aRepeatedWarningIsOneEventWhoseCountAndLastTimestampGrow() {
    var recorder = new KubernetesEvents(clock);
    recorder.warning(operator, cr, "RunFailed", "run demo-extract-r-1 ended FAILED");
    clock.advance(Duration.ofMinutes(5));
    recorder.warning(operator, cr, "RunFailed", "run demo-extract-r-1 ended FAILED");
    clock.advance(Duration.ofMinutes(1));
    recorder.warning(operator, cr, "RunFailed", "run demo-extract-r-1 ended FAILED");

    assertThat(events()).singleElement().satisfies(e -> {
      assertThat(e.getMetadata().getName()).isEqualTo(KubernetesEvents.name(cr, "RunFailed",
          "run demo-extract-r-1 ended FAILED")).startsWith("demo.");
      assertThat(e.getCount()).isEqualTo(3);
      assertThat(e.getFirstTimestamp()).isEqualTo("2026-11-30T10:00:00Z");
      assertThat(e.getLastTimestamp()).isEqualTo("2026-11-30T10:06:00Z");
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getInvolvedObject().getUid()).isEqualTo(cr.getMetadata().getUid());
    });
  }

  @Test
  void anotherReasonMessageOrPipelineIsAnotherEvent() {
    var recorder = new KubernetesEvents(clock);
    GamePipeline other = Fixtures.pipeline("other", "games");
    recorder.warning(operator, cr, "InvalidSpec", "invalid spec: a");
    recorder.warning(operator, cr, "InvalidSpec", "invalid spec: b");
    recorder.warning(operator, cr, "ReconcileFailed", "invalid spec: a");
    recorder.warning(operator, other, "InvalidSpec", "invalid spec: a");

    assertThat(events()).hasSize(4).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void aRestartedOperatorCountsOnFromTheEventOnTheServer() {
    new KubernetesEvents(clock).warning(operator, cr, "InvalidSpec", "invalid spec: a");
    new KubernetesEvents(clock).warning(operator, cr, "InvalidSpec", "invalid spec: a");
    clock.advance(Duration.ofSeconds(30));
    var restarted = new KubernetesEvents(clock);
    restarted.warning(operator, cr, "InvalidSpec", "invalid spec: a");
    restarted.warning(operator, cr, "InvalidSpec", "invalid spec: a");

    assertThat(events()).singleElement().satisfies(e -> {
      assertThat(e.getCount()).isEqualTo(4);
      assertThat(e.getFirstTimestamp()).isEqualTo("2026-11-30T10:00:00Z");
      assertThat(e.getLastTimestamp()).isEqualTo("2026-11-30T10:00:30Z");
    });
  }

  @Test
  void anEventExpiredOnTheServerIsRecordedAfresh() {
    var recorder = new KubernetesEvents(clock);
    recorder.warning(operator, cr, "RunFailed", "ended FAILED");
    recorder.warning(operator, cr, "RunFailed", "ended FAILED");
    client.v1().events().inNamespace("games").delete(); // the API server drops Events after their TTL
    clock.advance(Duration.ofHours(2));
    recorder.warning(operator, cr, "RunFailed", "ended FAILED");

    assertThat(events()).singleElement().satisfies(e -> {
      assertThat(e.getCount()).isEqualTo(1);
      assertThat(e.getFirstTimestamp()).isEqualTo("2026-11-30T12:00:00Z");
    });
  }

  @Test
  void aLongMessageIsCutToTheLimit() {
    new KubernetesEvents(clock).warning(operator, cr, "ReconcileFailed", "x".repeat(5000));
    assertThat(events()).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).hasSize(KubernetesEvents.MAX_MESSAGE));
  }

  static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant start) {
      now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
