package io.gamepipe.operator.freshness;

import io.gamepipe.operator.crd.GamePipeline;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.ResourceIDMapper;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Measures each pipeline's freshness on its own schedule ({@code spec.freshness.pollInterval}), off the reconcile
 * threads, and wakes the reconciler up only when the observation differs from the last one (JOSDK's per-resource
 * polling event source compares them): a pipeline whose figures stay the same, known or unknown, costs no write.
 */
public final class FreshnessPolling {
  public static final String NAME = "freshness";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  private FreshnessPolling() {
  }

  public static PerResourcePollingEventSource<Freshness, GamePipeline, String> eventSource(
      EventSourceContext<GamePipeline> context, FreshnessObserver observer,
      Function<GamePipeline, FreshnessTarget> targets) {
    var fetcher = new PerResourcePollingEventSource.ResourceFetcher<Freshness, GamePipeline>() {
      @Override
      public Set<Freshness> fetchResources(GamePipeline cr) {
        return Set.of(observeSafely(observer, targets.apply(cr)));
      }

      @Override
      public Optional<Duration> fetchDelay(Set<Freshness> last, GamePipeline cr) {
        return Optional.of(interval(cr));
      }
    };
    var configuration = new PerResourcePollingConfigurationBuilder<Freshness, GamePipeline, String>(fetcher,
        DEFAULT_INTERVAL)
        .withName(NAME)
        .withResourceIDMapper(ResourceIDMapper.singleResourceResourceIDMapper())
        .build();
    return new PerResourcePollingEventSource<>(Freshness.class, context, configuration);
  }

  /** The spec's poll interval; the default when it is not a valid duration (the spec validator reports it). */
  static Duration interval(GamePipeline cr) {
    try {
      return Durations.parse(cr.getSpec().freshness.pollInterval);
    } catch (RuntimeException e) {
      return DEFAULT_INTERVAL;
    }
  }

  /** An observer that throws would stop this pipeline's polling: its failure becomes an unknown. */
  static Freshness observeSafely(FreshnessObserver observer, FreshnessTarget target) {
    try {
      return observer.observe(target);
    } catch (RuntimeException e) {
      return new Freshness(null, null, null, null, "freshness not measured: " + e.getClass().getSimpleName());
    }
  }
}
