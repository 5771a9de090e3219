package io.gamepipe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.builders.HdfsBuilder;
import io.gamepipe.operator.builders.KafkaBuilder;
import io.gamepipe.operator.builders.TopicBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.crd.GamePipelineStatus.Phase;
import io.gamepipe.operator.crd.GamePipelineStatus.RunStatus;
import io.gamepipe.operator.runs.RunPlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusComputerTest {
  private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-24T20:05:00Z");
  private static final Instant T2 = Instant.parse("2026-11-24T20:10:00Z");
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");

  private Observation observe(boolean ready) {
    cr.getSpec().gameApi.enabled = false;
    int readyReplicas = ready ? 1 : 0;
    var kafka = new StatefulSetBuilder(KafkaBuilder.statefulSet(cr)).withNewStatus().withReadyReplicas(readyReplicas)
        .endStatus().build();
    var nameNode = new StatefulSetBuilder(HdfsBuilder.nameNodeStatefulSet(cr)).withNewStatus()
        .withReadyReplicas(readyReplicas).endStatus().build();
    var dataNode = new StatefulSetBuilder(HdfsBuilder.dataNodeStatefulSet(cr)).withNewStatus()
        .withReadyReplicas(readyReplicas).endStatus().build();
    var topic = new JobBuilder(TopicBuilder.job(cr)).withNewStatus().withSucceeded(ready ? 1 : 0).endStatus().build();
    return Observation.of(cr, List.of(kafka, nameNode, dataNode), List.of(), List.of(topic), List.of());
  }

  private static RunPlan plan(RunStatus... runs) {
    return new RunPlan(List.of(), List.of(), List.of(runs), null, null, null, Optional.empty());
  }

  private static RunStatus run(String job, String name, String state) {
    RunStatus run = new RunStatus();
    run.job = job;
    run.name = name;
    run.state = state;
    return run;
  }

  @Test
  void readinessOfEveryComponentMakesThePipelineReady() {
    var progressing = StatusComputer.reconciled(cr, new GamePipelineStatus(), observe(false), plan(), Prerequisites.ALL, "{}", T0);
    assertThat(progressing.phase).isEqualTo(Phase.Progressing);
    assertThat(StatusComputer.find(progressing, "Ready").getStatus()).isEqualTo("False");
    assertThat(StatusComputer.find(progressing, "Ready").getMessage()).contains("kafka (0/1 ready)");
    assertThat(StatusComputer.find(progressing, "Progressing").getStatus()).isEqualTo("True");
    assertThat(progressing.observedGeneration).isEqualTo(1L);

    var ready = StatusComputer.reconciled(cr, progressing, observe(true), plan(), Prerequisites.ALL, "{}", T1);
    assertThat(ready.phase).isEqualTo(Phase.Ready);
    assertThat(StatusComputer.find(ready, "Ready").getLastTransitionTime()).isEqualTo(T1.toString());
    // Degraded stayed False: its transition time is the first one.
    assertThat(StatusComputer.find(ready, "Degraded").getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(ready.endpoints.apiUrl).as("API disabled").isNull();
    assertThat(ready.components).containsOnlyKeys("kafka", "kafka-topic", "hdfs-namenode", "hdfs-datanode");
  }

  @Test
  void anUnchangedObservationGivesAnIdenticalStatus() {
    var first = StatusComputer.reconciled(cr, new GamePipelineStatus(), observe(true), plan(), Prerequisites.ALL, "{}", T0);
    var again = StatusComputer.reconciled(cr, first, observe(true), plan(), Prerequisites.ALL, "{}", T1);
    var json = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
    assertThat(json.asJson(again)).isEqualTo(json.asJson(first));
  }

  @Test
  void aJobWhoseNewestRunFailedDegradesUntilARunSucceeds() {
    var failed = StatusComputer.reconciled(cr, new GamePipelineStatus(), observe(true),
        plan(run("land", "game-land-r-2", "FAILED"), run("land", "game-land-r-1", "COMPLETED")), Prerequisites.ALL, "{}", T0);
    assertThat(failed.phase).isEqualTo(Phase.Degraded);
    assertThat(StatusComputer.find(failed, "Degraded").getReason()).isEqualTo("RunsFailed");
    var recovered = StatusComputer.reconciled(cr, failed, observe(true),
        plan(run("land", "game-land-r-3", "COMPLETED"), run("land", "game-land-r-2", "FAILED")), Prerequisites.ALL, "{}", T1);
    assertThat(recovered.phase).isEqualTo(Phase.Ready);
  }

  @Test
  void anInvalidSpecKeepsWhatWasReportedAndSaysWhy() {
    var ready = StatusComputer.reconciled(cr, new GamePipelineStatus(), observe(true), plan(), Prerequisites.ALL, "{\"a\":1}", T0);
    var degraded = StatusComputer.degraded(cr, ready, "InvalidSpec", "invalid spec: x", T1);
    assertThat(degraded.phase).isEqualTo(Phase.Degraded);
    assertThat(StatusComputer.find(degraded, "Degraded").getMessage()).isEqualTo("invalid spec: x");
    assertThat(StatusComputer.find(degraded, "Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(degraded.lastReconciledSpec).isEqualTo("{\"a\":1}");
    assertThat(degraded.endpoints.kafkaBootstrapServers).isEqualTo("game-kafka-bootstrap.prod.svc:9092");
  }

  @Test
  void withoutTheSparkApplicationApiThePipelineSaysSoAndIsDegradedOnlyWhenRunsAreAskedFor() {
    var idle = StatusComputer.reconciled(cr, new GamePipelineStatus(), observe(true), plan(), new Prerequisites(false, true), "{}", T0);
    var missing = StatusComputer.find(idle, "RunsAvailable");
    assertThat(missing.getStatus()).isEqualTo("False");
    assertThat(missing.getReason()).isEqualTo("SparkOperatorMissing");
    assertThat(missing.getMessage()).contains("sparkapplications.sparkoperator.k8s.io", "sparkoperator.k8s.io/v1beta2",
        "spark-operator", "without restarting");
    assertThat(idle.phase).as("nothing asks for runs: the rest of the pipeline is what counts").isEqualTo(Phase.Ready);

    cr.getSpec().spark.runRequest = new io.gamepipe.operator.crd.SparkSpec.RunRequest();
    cr.getSpec().spark.runRequest.id = "backfill-1";
    var blocked = StatusComputer.reconciled(cr, idle, observe(true), plan(), new Prerequisites(false, true), "{}", T1);
    assertThat(blocked.phase).isEqualTo(Phase.Degraded);
    assertThat(StatusComputer.find(blocked, "Degraded").getReason()).isEqualTo("SparkOperatorMissing");
    assertThat(StatusComputer.find(blocked, "Degraded").getMessage()).startsWith("runs requested but the SparkApplication API");
    // Still missing: the condition keeps its first transition time.
    assertThat(StatusComputer.find(blocked, "RunsAvailable").getLastTransitionTime()).isEqualTo(T0.toString());

    var served = StatusComputer.reconciled(cr, blocked, observe(true), plan(), Prerequisites.ALL, "{}", T2);
    assertThat(served.phase).isEqualTo(Phase.Ready);
    assertThat(StatusComputer.find(served, "RunsAvailable").getStatus()).isEqualTo("True");
    assertThat(StatusComputer.find(served, "RunsAvailable").getLastTransitionTime()).isEqualTo(T2.toString());
    // An invalid spec later keeps what is known about the spark-operator.
    assertThat(StatusComputer.find(StatusComputer.degraded(cr, served, "InvalidSpec", "x", T2), "RunsAvailable"))
        .isEqualTo(StatusComputer.find(served, "RunsAvailable"));
  }
}
