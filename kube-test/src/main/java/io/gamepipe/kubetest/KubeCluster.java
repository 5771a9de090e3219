package io.gamepipe.kubetest;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver (RBAC authorization, an audit log of every
 * request), kube-controller-manager (garbage collector, Deployment, StatefulSet, Job, namespace controllers) and
 * kube-scheduler, wired by {@code kwokctl --runtime binary} from the binaries of {@code kube/build.sh}. Nodes are
 * kwok's: their pods turn Running and Ready (Job pods Succeeded) without a container runtime, and kwok's volume
 * stages bind claims of the default StorageClass. Everything lives in a temporary folder and goes with
 * {@link #close()}.
 */
public final class KubeCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubeCluster.class);
  private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(4);
  /** kwokctl chooses free ports itself; a port taken between its choice and the bind fails the start: try again. */
  private static final int ATTEMPTS = 3;

  private final ControlPlaneBinaries binaries;
  private final String name;
  private final Path workdir;
  private final Path kubeconfig;
  private final KubernetesClient admin;

  private KubeCluster(ControlPlaneBinaries binaries, String name, Path workdir) {
    this.binaries = binaries;
    this.name = name;
    this.workdir = workdir;
    this.kubeconfig = clusterDir().resolve("kubeconfig.yaml");
    this.admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(read(kubeconfig))).build();
  }

  /** Builds the binaries if needed and starts a cluster with one kwok node ({@code kube/cluster.sh up}). */
  public static KubeCluster start() {
    ControlPlaneBinaries binaries = ControlPlaneBinaries.ensure();
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      String name = "gp-" + UUID.randomUUID().toString().substring(0, 8);
      Path workdir = createWorkdir();
      long started = System.nanoTime();
      Commands.Result created = clusterScript("up", name, workdir, CREATE_TIMEOUT);
      if (created.succeeded()) {
        LOG.info("cluster {} up in {} ms ({})", name, (System.nanoTime() - started) / 1_000_000, workdir);
        return new KubeCluster(binaries, name, workdir);
      }
      last = new IllegalStateException("kube/cluster.sh could not start a cluster (attempt " + attempt + " of "
          + ATTEMPTS + "):\n" + created.stderr() + created.stdout());
      LOG.warn(last.getMessage());
      clusterScript("down", name, workdir, CREATE_TIMEOUT);
      deleteTree(workdir);
    }
    throw last;
  }

  /** kube/cluster.sh holds the one definition of the cluster (kwokctl flags, stages, storage class, audit policy). */
  private static Commands.Result clusterScript(String command, String name, Path workdir, Duration timeout) {
    return Commands.run(List.of("bash", Repository.root().resolve("kube/cluster.sh").toString(), command, name),
        Map.of("KWOK_WORKDIR", workdir.toString()), timeout);
  }

  private static Path createWorkdir() {
    try {
      return Files.createTempDirectory("gamepipe-kube-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path clusterDir() {
    return workdir.resolve("clusters").resolve(name);
  }

  public String name() {
    return name;
  }

  /** An admin kubeconfig (system:masters) for kubectl, Helm and clients. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A client with every right (system:masters): for the test's own setup and its checks. */
  public KubernetesClient admin() {
    return admin;
  }

  public AuditLog auditLog() {
    return new AuditLog(clusterDir().resolve("logs").resolve("audit.log"));
  }

  /** The user name the API server gives a ServiceAccount's tokens. */
  public static String serviceAccountUser(String namespace, String serviceAccount) {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  /**
   * A client holding a real token of the ServiceAccount (TokenRequest API), as a pod of it would: the API server
   * authorizes every call by that ServiceAccount's RBAC, nothing more.
   */
  public KubernetesClient clientAs(String namespace, String serviceAccount) {
    String token = admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(24 * 3600L).endSpec().build())
        .getStatus().getToken();
    Config adminConfig = admin.getConfiguration();
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(adminConfig.getMasterUrl())
        .withCaCertData(adminConfig.getCaCertData())
        .withCaCertFile(adminConfig.getCaCertFile())
        .withOauthToken(token)
        .withNamespace(namespace)
        .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Applies a CRD and waits until the API server serves it. A freshly created CRD has a status with no conditions
   * yet, so the wait must read a missing list as "not yet".
   */
  public void applyCrd(CustomResourceDefinition crd) {
    var crds = admin.apiextensions().v1().customResourceDefinitions();
    crds.resource(crd).forceConflicts().serverSideApply();
    crds.withName(crd.getMetadata().getName()).waitUntilCondition(KubeCluster::established, 1, TimeUnit.MINUTES);
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Runs the cluster's kubectl with the admin kubeconfig. */
  public Commands.Result kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binaries.binary("kubectl").toString());
    command.add("--kubeconfig");
    command.add(kubeconfig.toString());
    command.addAll(List.of(args));
    return Commands.run(command, Map.of(), Duration.ofMinutes(2));
  }

  public ControlPlaneBinaries binaries() {
    return binaries;
  }

  /** Stops every process and removes the folder; the components' logs are kept under target/kube-logs/ first. */
  @Override
  public void close() {
    admin.close();
    keepLogs();
    Commands.Result deleted = clusterScript("down", name, workdir, Duration.ofMinutes(2));
    if (!deleted.succeeded()) {
      LOG.warn("kwokctl delete cluster {} failed: {}", name, deleted.stderr());
    }
    deleteTree(workdir);
  }

  private void keepLogs() {
    Path target = Path.of("target");
    Path logs = clusterDir().resolve("logs");
    if (!Files.isDirectory(target) || !Files.isDirectory(logs)) {
      return;
    }
    Path into = target.resolve("kube-logs").resolve(name);
    try (Stream<Path> files = Files.list(logs)) {
      Files.createDirectories(into);
      for (Path file : files.toList()) {
        Files.copy(file, into.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warn("could not keep the logs of cluster {}: {}", name, e.toString());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", root, e.toString());
    }
  }
}
