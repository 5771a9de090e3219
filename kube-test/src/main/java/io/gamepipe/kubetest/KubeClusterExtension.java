package io.gamepipe.kubetest;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a {@link KubeCluster}: {@code @ExtendWith(KubeClusterExtension.class)}, then take a
 * {@code KubeCluster} parameter in a {@code @BeforeAll}, {@code @BeforeEach} or test method. One cluster serves
 * every test class of the run (it takes some seconds to start); tests keep apart by namespace. It stops when the
 * run ends.
 */
public final class KubeClusterExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(KubeClusterExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KubeCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster(context);
  }

  /** The run's cluster, started on first use. */
  public static KubeCluster cluster(ExtensionContext context) {
    return context.getRoot().getStore(STORE)
        .getOrComputeIfAbsent(Shared.class, key -> new Shared(KubeCluster.start()), Shared.class).cluster;
  }

  /** Closed by JUnit when the root context closes, at the end of the run. */
  private record Shared(KubeCluster cluster) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      cluster.close();
    }
  }
}
