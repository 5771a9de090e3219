package io.gamepipe.operator.metrics;

import io.javaoperatorsdk.operator.api.monitoring.AggregatedMetrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * Every metric the operator exports, in one Prometheus registry: JOSDK's (reconciliations started, succeeded and
 * failed, their durations, the queue and the executions in flight), gamepipe's ({@link PipelineMetrics}) and the
 * JVM's.
 */
public final class OperatorMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PipelineMetrics pipelines = new PipelineMetrics(registry);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Metrics josdk;

  public OperatorMetrics() {
    // Per-resource tags would make a series per pipeline for every JOSDK meter; gamepipe's own carry the pipeline.
    josdk = new AggregatedMetrics(List.of(MicrometerMetrics.withoutPerResourceMetrics(registry), pipelines));
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** What JOSDK reports to (ConfigurationServiceOverrider.withMetrics). */
  public Metrics josdk() {
    return josdk;
  }

  /** What the reconciler reports to. */
  public PipelineMetrics pipelines() {
    return pipelines;
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
