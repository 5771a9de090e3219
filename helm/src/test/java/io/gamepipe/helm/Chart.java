package io.gamepipe.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** Renders the chart offline with the Helm library helm-java bundles, as `helm template` would. */
final class Chart {
  static final String RELEASE = "gp";
  static final String NAMESPACE = "gamepipe-system";

  private Chart() {
  }

  static Helm helm() {
    return new Helm(Repo.CHART);
  }

  static List<HasMetadata> render() {
    return render(UnaryOperator.identity());
  }

  /** Renders with the release name and namespace the tests assume, plus whatever values {@code values} adds. */
  static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
    TemplateCommand command = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
    return Repo.objects(values.apply(command).call());
  }

  static List<HasMetadata> renderWithValues(Path valuesFile) {
    return render(command -> command.withValuesFile(valuesFile));
  }
}
