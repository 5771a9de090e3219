package io.gamepipe.operator.it;

import io.gamepipe.kubetest.KubeCluster;
import io.gamepipe.kubetest.KubeClusterExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test the run's real cluster ({@link KubeCluster}) with the operator installed on it
 * ({@link InstalledOperator}, the SparkApplication and HTTPRoute CRDs present): one of each for every test class of the run.
 */
public final class OperatorExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(OperatorExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubeCluster.class || type == InstalledOperator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    KubeCluster cluster = KubeClusterExtension.cluster(context);
    if (parameter.getParameter().getType() == KubeCluster.class) {
      return cluster;
    }
    return context.getRoot().getStore(STORE).getOrComputeIfAbsent(Installed.class,
        key -> new Installed(InstalledOperator.install(cluster, true)), Installed.class).operator;
  }

  private record Installed(InstalledOperator operator) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      operator.close();
    }
  }
}
