package io.gamepipe.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.gamepipe.operator.metrics.OperatorMetrics;
import io.gamepipe.operator.reconciler.GamePipelineReconciler;
import io.gamepipe.operator.reconciler.ServedResources;
import io.javaoperatorsdk.operator.Operator;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * The test harness: fabric8's mock API server in CRUD mode, the project's CRDs registered in it, and the real
 * operator built by {@link GamePipeOperator} with the production settings minus server-side apply (the mock does
 * not implement apply patches). JOSDK's LocallyRunOperatorExtension cannot be used: it creates namespaces by SSA.
 */
public final class MockCluster implements AutoCloseable {
  public static final String GAMEPIPELINE_CRD = "/META-INF/fabric8/gamepipelines.gamepipe.io-v1.yml";
  public static final String SPARKAPPLICATION_CRD = "/sparkapplication-test-crd.yaml";
  public static final String HTTPROUTE_CRD = "/httproute-test-crd.yaml";

  /** Held so the level sticks: the mock logs every request at INFO through java.util.logging. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final GamePipelineReconciler reconciler;
  private final GamePipeOperator gamePipe;
  private final Operator operator;
  private final OperatorMetrics metrics = new OperatorMetrics();

  /** Production settings, except server-side apply (unsupported by the mock) and the health server. */
  public static final OperatorSettings TEST_SETTINGS =
      new OperatorSettings(Set.of(), false, "gamepipe-operator", null, false, -1, false);

  public MockCluster() {
    this(TEST_SETTINGS);
  }

  public MockCluster(OperatorSettings settings) {
    this(settings, true);
  }

  /**
   * A cluster where neither the spark-operator nor the Gateway API is installed yet: their CRDs come with
   * {@link #installSparkOperatorCrd} and {@link #installGatewayApiCrd}.
   */
  public static MockCluster withoutSparkOperator() {
    return new MockCluster(TEST_SETTINGS, false);
  }

  private MockCluster(OperatorSettings settings, boolean optionalCrdsInstalled) {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
        new KubernetesMixedDispatcher(expectations), false);
    server.init();
    if (settings.leaderElection()) {
      // JOSDK checks its Lease permissions with a SelfSubjectRulesReview, which the mock cannot answer by itself.
      var review = new SelfSubjectRulesReviewBuilder().withNewStatus().addNewResourceRule()
          .withApiGroups("coordination.k8s.io").withResources("leases").withVerbs("create", "update", "get")
          .endResourceRule().withIncomplete(false).endStatus().build();
      server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
          .andReturn(201, review).always();
    }
    client = server.createClient();
    client.apiextensions().v1().customResourceDefinitions().resource(crd(GAMEPIPELINE_CRD)).create();
    if (optionalCrdsInstalled) {
      installSparkOperatorCrd();
      installGatewayApiCrd();
    }
    // Production's discovery check; looked at again every second instead of every 30 while the API is missing.
    reconciler = new GamePipelineReconciler(Clock.systemUTC(), ServedResources.byDiscovery(), Duration.ofSeconds(1),
        metrics.pipelines());
    gamePipe = GamePipeOperator.create(client, settings, reconciler, metrics.josdk());
    operator = gamePipe.operator();
    operator.start();
  }

  public static CustomResourceDefinition crd(String resource) {
    try (InputStream in = MockCluster.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " not on the test classpath (is the CRD generated?)");
      }
      return new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void installSparkOperatorCrd() {
    client.apiextensions().v1().customResourceDefinitions().resource(crd(SPARKAPPLICATION_CRD)).create();
  }

  public void installGatewayApiCrd() {
    client.apiextensions().v1().customResourceDefinitions().resource(crd(HTTPROUTE_CRD)).create();
  }

  public KubernetesClient client() {
    return client;
  }

  public GamePipeOperator gamePipe() {
    return gamePipe;
  }

  public GamePipelineReconciler reconciler() {
    return reconciler;
  }

  /** The metrics the operator of this cluster reports to, as production's /metrics serves them. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    operator.stop();
    metrics.close();
    client.close();
    server.destroy();
  }
}
