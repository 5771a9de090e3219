package io.gamepipe.operator.runs;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gamepipe.operator.crd.GamePipelineStatus.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the run planner decided: SparkApplications to create and to delete, the run history to report and the
 * markers that keep a schedule slot or a request from starting twice.
 */
public record RunPlan(List<GenericKubernetesResource> toCreate, List<GenericKubernetesResource> toDelete,
    List<RunStatus> runs, String lastRunRequestId, String lastScheduleTime, String nextScheduleTime,
    Optional<Instant> wakeUp) {
}
