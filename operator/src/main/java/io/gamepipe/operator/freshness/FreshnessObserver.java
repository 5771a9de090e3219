package io.gamepipe.operator.freshness;

/**
 * Looks at a pipeline's data plane (Kafka, and land's and compact's reports on HDFS) and says how far behind the
 * landed data is. The external systems stay behind this interface: the reconciler only sees {@link Freshness}.
 * Never throws: what cannot be found is unknown, with the reason in {@link Freshness#problem()}.
 */
@FunctionalInterface
public interface FreshnessObserver {
  Freshness observe(FreshnessTarget target);
}
