package io.gamepipe.operator.it;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gamepipe.kubetest.KubeCluster;
import io.gamepipe.kubetest.Repository;
import io.gamepipe.operator.GamePipeOperator;
import io.gamepipe.operator.OperatorSettings;
import io.gamepipe.operator.metrics.OperatorMetrics;
import io.gamepipe.operator.reconciler.GamePipelineReconciler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator as k8s/ installs it, minus the pod: its namespace, ServiceAccount, ClusterRole and leader-election
 * Role applied from the repository's own manifests, its settings read from the Deployment's environment, and the
 * real operator started in this JVM with a token of that ServiceAccount. Every call it makes is authorized by that
 * RBAC and nothing else, and is written to the cluster's audit log under {@link #USER}.
 */
public final class InstalledOperator implements AutoCloseable {
  public static final String NAMESPACE = "gamepipe-system";
  public static final String SERVICE_ACCOUNT = "gamepipe-operator";
  public static final String USER = KubeCluster.serviceAccountUser(NAMESPACE, SERVICE_ACCOUNT);
  static final String GAMEPIPELINE_CRD = "/META-INF/fabric8/gamepipelines.gamepipe.io-v1.yml";
  /** The spark-operator's and the Gateway API's CRDs, as typed test copies (see their headers). */
  static final String SPARKAPPLICATION_CRD = "/sparkapplication-test-crd.yaml";
  static final String HTTPROUTE_CRD = "/httproute-test-crd.yaml";
  private static final Path MANIFESTS = Repository.root().resolve("k8s/operator");

  private final KubernetesClient client;
  private final GamePipelineReconciler reconciler;
  private final GamePipeOperator gamePipe;
  private final OperatorMetrics metrics = new OperatorMetrics();

  private InstalledOperator(KubernetesClient client, OperatorSettings settings) {
    this.client = client;
    this.reconciler = new GamePipelineReconciler(metrics.pipelines());
    this.gamePipe = GamePipeOperator.create(client, settings, reconciler, metrics.josdk());
    gamePipe.operator().start();
  }

  /**
   * Installs the GamePipeline CRD, the RBAC and the operator; with {@code prerequisites}, first the CRDs a user
   * installs before (the spark-operator's SparkApplication, the Gateway API's HTTPRoute).
   */
  public static InstalledOperator install(KubeCluster cluster, boolean prerequisites) {
    KubernetesClient admin = cluster.admin();
    applyCrd(cluster, GAMEPIPELINE_CRD);
    if (prerequisites) {
      applyCrd(cluster, SPARKAPPLICATION_CRD);
      applyCrd(cluster, HTTPROUTE_CRD);
    }
    for (String file : List.of("namespace.yaml", "serviceaccount.yaml", "clusterrole.yaml",
        "leader-election-role.yaml")) {
      admin.resourceList(manifest(admin, MANIFESTS.resolve(file))).forceConflicts().serverSideApply();
    }
    return new InstalledOperator(cluster.clientAs(NAMESPACE, SERVICE_ACCOUNT), settingsOfTheDeployment(admin));
  }

  /** The Deployment's environment, as the pod would see it; only what a pod in a JVM cannot keep is changed. */
  static OperatorSettings settingsOfTheDeployment(KubernetesClient client) {
    Deployment deployment = (Deployment) manifest(client, MANIFESTS.resolve("deployment.yaml")).get(0);
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      // LEADER_ELECTION_NAMESPACE comes from the pod's own namespace (a fieldRef).
      env.put(var.getName(), var.getValue() != null ? var.getValue() : NAMESPACE);
    }
    env.put("HEALTH_PORT", "-1"); // tests in parallel JVMs would fight over 8080
    env.put("LEADER_ELECTION_EXIT_ON_LOSS", "false"); // a pod restarts; the test JVM must not exit
    return OperatorSettings.fromEnvironment(env);
  }

  public static void applyCrd(KubeCluster cluster, String resource) {
    cluster.applyCrd(io.gamepipe.operator.MockCluster.crd(resource));
  }

  /** Every object of a (multi-document) YAML file of the repository. */
  static List<HasMetadata> manifest(KubernetesClient client, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return client.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The operator's own client: the ServiceAccount's token. */
  public KubernetesClient client() {
    return client;
  }

  public GamePipelineReconciler reconciler() {
    return reconciler;
  }

  public GamePipeOperator gamePipe() {
    return gamePipe;
  }

  /** What the operator's /metrics would answer. */
  public String scrapeMetrics() {
    return metrics.scrape();
  }

  @Override
  public void close() {
    gamePipe.operator().stop();
    metrics.close();
    client.close();
  }
}
