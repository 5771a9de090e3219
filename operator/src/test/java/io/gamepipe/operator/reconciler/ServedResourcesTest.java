package io.gamepipe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The discovery check against the answers a real API server gives (expectations, not the CRUD mock). */
class ServedResourcesTest {
  private static final String PATH = "/apis/sparkoperator.k8s.io/v1beta2";
  private final KubernetesMockServer server = new KubernetesMockServer(false);
  private final ServedResources discovery = ServedResources.byDiscovery();

  {
    server.init();
  }

  @AfterEach
  void stop() {
    server.destroy();
  }

  @Test
  void aGroupVersionThatIsNotServedAnswers404AndIsMissing() {
    server.expect().get().withPath(PATH).andReturn(404, "{\"kind\":\"Status\",\"code\":404}").always();
    assertThat(discovery.serves(server.createClient(), "sparkoperator.k8s.io/v1beta2", "sparkapplications")).isFalse();
  }

  @Test
  void theResourceMustBeListedInItsGroupVersion() {
    server.expect().get().withPath(PATH).andReturn(200, new APIResourceListBuilder()
        .withGroupVersion("sparkoperator.k8s.io/v1beta2")
        .addNewResource().withName("scheduledsparkapplications").withKind("ScheduledSparkApplication")
        .withNamespaced(true).endResource().build()).once();
    server.expect().get().withPath(PATH).andReturn(200, new APIResourceListBuilder()
        .withGroupVersion("sparkoperator.k8s.io/v1beta2")
        .addNewResource().withName("sparkapplications").withKind("SparkApplication").withNamespaced(true).endResource()
        .build()).once();
    var client = server.createClient();
    assertThat(discovery.serves(client, "sparkoperator.k8s.io/v1beta2", "sparkapplications")).isFalse();
    assertThat(discovery.serves(client, "sparkoperator.k8s.io/v1beta2", "sparkapplications")).isTrue();
  }

  @Test
  void anyOtherFailureIsNotTakenForAMissingApi() {
    server.expect().get().withPath(PATH).andReturn(403, "{\"kind\":\"Status\",\"code\":403}").always();
    assertThatThrownBy(() -> discovery.serves(server.createClient(), "sparkoperator.k8s.io/v1beta2", "sparkapplications"))
        .isInstanceOf(KubernetesClientException.class);
  }
}
