package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.gamepipe.operator.crd.GamePipeline;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.LongFunction;
import java.util.OptionalLong;

/**
 * CPU and memory of each component, and the JVM heap that fits them. A component's own resources win, then the
 * pipeline's pod.resources, then the defaults here: sized so that the two samples fit one kind node together.
 * Memory request = limit (no OOM kill for using what was asked); CPU only requested, not limited (a limit
 * throttles JVM start-ups and buys nothing on a shared node).
 */
public final class Resources {
  /** Half of the container's memory goes to the heap; the rest is metaspace, threads, buffers, page cache. */
  static final double HEAP_SHARE = 0.5;

  private Resources() {
  }

  public static ResourceRequirements zooKeeper() {
    return of("100m", "384Mi");
  }

  public static ResourceRequirements kafka() {
    return of("250m", "768Mi");
  }

  public static ResourceRequirements nameNode() {
    return of("100m", "512Mi");
  }

  public static ResourceRequirements dataNode() {
    return of("100m", "512Mi");
  }

  public static ResourceRequirements gameApi() {
    return of("100m", "512Mi");
  }

  /** The topic Job runs one Kafka CLI for a few seconds. */
  public static ResourceRequirements topicJob() {
    return of("50m", "256Mi");
  }

  /** A shell loop in an init container. */
  public static ResourceRequirements waitLoop() {
    return of("10m", "32Mi");
  }

  static ResourceRequirements of(String cpu, String memory) {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
        .addToLimits("memory", new Quantity(memory))
        .build();
  }

  /** The component's own resources, else the pipeline's pod.resources, else the component's default. */
  public static ResourceRequirements effective(GamePipeline cr, ResourceRequirements own, ResourceRequirements fallback) {
    if (own != null) {
      return own;
    }
    return cr.getSpec().pod.resources != null ? cr.getSpec().pod.resources : fallback;
  }

  /** The variable that sets a JVM's heap, when the resources say how much memory there is; else none. */
  public static List<EnvVar> heapEnv(String variable, ResourceRequirements resources, LongFunction<String> value) {
    OptionalLong heap = heapMiB(resources);
    return heap.isPresent() ? List.of(PodTemplates.env(variable, value.apply(heap.getAsLong()))) : List.of();
  }

  /** Heap in MiB for a JVM in a container with these resources: a share of the memory limit, else of the request. */
  public static OptionalLong heapMiB(ResourceRequirements resources) {
    Quantity memory = resources.getLimits() != null && resources.getLimits().containsKey("memory")
        ? resources.getLimits().get("memory")
        : resources.getRequests() == null ? null : resources.getRequests().get("memory");
    if (memory == null) {
      return OptionalLong.empty();
    }
    BigDecimal bytes = Quantity.getAmountInBytes(memory);
    return OptionalLong.of(Math.max(1, (long) (bytes.doubleValue() * HEAP_SHARE / (1024 * 1024))));
  }
}
