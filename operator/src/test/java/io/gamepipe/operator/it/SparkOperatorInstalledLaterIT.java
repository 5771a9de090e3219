package io.gamepipe.operator.it;

import static io.gamepipe.operator.it.ClusterSupport.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gamepipe.kubetest.KubeCluster;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus.Phase;
import io.gamepipe.operator.crd.JobName;
import io.gamepipe.operator.crd.SparkSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user who installs gamepipe before the spark-operator: on a cluster of its own (the shared one has the
 * SparkApplication CRD), the operator starts without the CRD, runs the rest of the pipeline, says what is missing
 * in the status and an Event, and starts the requested runs once the CRD is installed, without a restart.
 */
class SparkOperatorInstalledLaterIT {
  static KubeCluster cluster;
  static InstalledOperator operator;

  @BeforeAll
  static void start() {
    cluster = KubeCluster.start();
    operator = InstalledOperator.install(cluster, false);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void thePipelineRunsWithoutTheSparkOperatorAndItsRunsStartOnceItIsInstalled() {
    KubernetesClient admin = cluster.admin();
    ClusterSupport support = new ClusterSupport(admin);
    support.createNamespace("early");
    GamePipeline cr = Fixtures.newPipeline("early", "early");
    cr.getSpec().spark.runRequest = new SparkSpec.RunRequest();
    cr.getSpec().spark.runRequest.id = "first";
    cr.getSpec().spark.runRequest.jobs = List.of(JobName.EXTRACT);
    admin.resource(cr).create();

    // Everything but the runs is reconciled, and the status says what is missing and what to do.
    GamePipeline waiting = await().atMost(TIMEOUT).until(() -> support.get("early", "early"),
        p -> p.getStatus() != null && p.getStatus().components.values().stream().allMatch(c -> c.ready)
            && p.getStatus().conditions.stream().anyMatch(c -> c.getType().equals("RunsAvailable")
                && c.getStatus().equals("False")));
    assertThat(waiting.getStatus().conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("RunsAvailable");
      assertThat(c.getReason()).isEqualTo("SparkOperatorMissing");
      assertThat(c.getMessage()).contains("sparkapplications.sparkoperator.k8s.io").contains("spark-operator");
    });
    assertThat(admin.apps().statefulSets().inNamespace("early").list().getItems()).hasSize(3);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(admin.v1().events().inNamespace("early").list()
        .getItems()).anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("SparkOperatorMissing");
          assertThat(e.getType()).isEqualTo("Warning");
        }));

    InstalledOperator.applyCrd(cluster, InstalledOperator.SPARKAPPLICATION_CRD);

    // The operator looks again on its own (every 30 s) and starts the run that was asked for.
    await().atMost(TIMEOUT.plus(Duration.ofSeconds(30))).until(
        () -> support.sparkApplication("early", "early-extract-r-first") != null);
    support.setRunState("early", "early-extract-r-first", "COMPLETED", null);
    // Ready already while the run is PENDING: wait for the state the test reported to reach the status.
    GamePipeline ready = await().atMost(TIMEOUT).until(() -> support.get("early", "early"),
        p -> p.getStatus().phase == Phase.Ready
            && p.getStatus().runs.stream().anyMatch(r -> "COMPLETED".equals(r.state)));
    assertThat(ready.getStatus().conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("RunsAvailable");
      assertThat(c.getStatus()).isEqualTo("True");
    });
  }
}
