package io.gamepipe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.GamePipelineStatus;
import io.gamepipe.operator.crd.GamePipelineStatus.RunStatus;
import org.junit.jupiter.api.Test;

/** Every Event the operator records says what to do next, with the pipeline's own names in the command. */
class NextStepsTest {
  private final GamePipeline cr = Fixtures.pipeline("demo", "games");

  @Test
  void anInvalidSpecSaysNothingIsAppliedAndHowToEditIt() {
    assertThat(NextSteps.invalidSpec(cr, "invalid spec: hdfs.replication (2) exceeds hdfs.dataNodes.replicas (1)"))
        .isEqualTo("invalid spec: hdfs.replication (2) exceeds hdfs.dataNodes.replicas (1). Nothing is applied until"
            + " the spec is fixed: kubectl edit gamepipeline demo -n games");
  }

  @Test
  void aFailedRunPointsAtItsDriversLogAndSaysHowToRunAgain() {
    RunStatus run = new RunStatus();
    run.name = "demo-land-r-1";
    run.job = "land";
    run.state = "FAILED";
    run.message = "driver pod failed";
    assertThat(NextSteps.runFailed(cr, run)).isEqualTo("run demo-land-r-1 of job land ended FAILED: driver pod failed."
        + " Its driver's log: kubectl logs demo-land-r-1-driver -n games; the pipeline stays Degraded until a run of"
        + " land completes (spark.runRequest with a new id starts one now)");
    run.message = null;
    assertThat(NextSteps.runFailed(cr, run)).startsWith("run demo-land-r-1 of job land ended FAILED. Its driver's log");
  }

  @Test
  void readyTellsWhereToSendEventsAndWhereDataLands() {
    GamePipelineStatus status = new GamePipelineStatus();
    status.endpoints = new GamePipelineStatus.Endpoints();
    status.endpoints.apiUrl = "http://demo-game-api.games.svc:5000";
    status.endpoints.hdfsUri = "hdfs://demo-namenode.games.svc:8020";
    assertThat(NextSteps.ready(cr, status)).isEqualTo("all components are ready; send events to"
        + " http://demo-game-api.games.svc:5000; the jobs write Parquet under hdfs://demo-namenode.games.svc:8020/tmp");
    status.endpoints.apiUrl = null;
    assertThat(NextSteps.ready(cr, status)).doesNotContain("send events");
  }

  @Test
  void losingReadinessNamesThePodsToLookAtAndARollOutHowToFollowIt() {
    assertThat(NextSteps.noLongerReady(cr, "not ready: kafka (2/3 ready)")).isEqualTo("was ready, now not ready:"
        + " kafka (2/3 ready). Its pods: kubectl get pods -n games -l app.kubernetes.io/instance=demo");
    cr.getMetadata().setGeneration(4L);
    assertThat(NextSteps.rollingOut(cr, "not ready: game-api (1/2 ready)")).isEqualTo("rolling out generation 4,"
        + " not ready: game-api (1/2 ready). Follow it: kubectl get gp demo -n games -w");
  }

  @Test
  void aFailedReconciliationSaysTheOperatorRetries() {
    assertThat(NextSteps.reconcileFailed("kafka: timeout")).isEqualTo("kafka: timeout. The operator retries with"
        + " back-off; its log has the details");
  }

  @Test
  void onlyAChangeOfTheReadyConditionIsNews() {
    GamePipelineStatus pending = new GamePipelineStatus();
    GamePipelineStatus ready = status(true, 1L);
    GamePipelineStatus lost = status(false, 1L);
    cr.getMetadata().setGeneration(1L);

    assertThat(NextSteps.readinessChange(cr, pending, ready)).hasValueSatisfying(note -> {
      assertThat(note.warning()).isFalse();
      assertThat(note.reason()).isEqualTo("Ready");
    });
    assertThat(NextSteps.readinessChange(cr, ready, ready)).isEmpty();
    assertThat(NextSteps.readinessChange(cr, pending, lost)).as("never ready yet: still starting").isEmpty();
    assertThat(NextSteps.readinessChange(cr, ready, lost)).hasValueSatisfying(note -> {
      assertThat(note.warning()).isTrue();
      assertThat(note.reason()).isEqualTo("ComponentsNotReady");
      assertThat(note.message()).startsWith("was ready, now not ready: kafka (2/3 ready)");
    });
    cr.getMetadata().setGeneration(2L); // the user edited the spec: the status still describes generation 1
    assertThat(NextSteps.readinessChange(cr, ready, lost)).hasValueSatisfying(note -> {
      assertThat(note.warning()).isFalse();
      assertThat(note.reason()).isEqualTo("RollingOut");
    });
  }

  private static GamePipelineStatus status(boolean ready, long generation) {
    GamePipelineStatus status = new GamePipelineStatus();
    status.observedGeneration = generation;
    status.conditions.add(new ConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
        .withMessage(ready ? "all components are ready" : "not ready: kafka (2/3 ready)").build());
    return status;
  }
}
