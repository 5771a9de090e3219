package io.gamepipe.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Paths of the checkout and YAML reading shared by the tests: the files under test are the repository's own. */
final class Repo {
  static final Path ROOT = Path.of(System.getProperty("gamepipe.root", "..")).toAbsolutePath().normalize();
  static final Path CHART = ROOT.resolve("helm/gamepipe-operator");
  static final Path K8S = ROOT.resolve("k8s");
  static final Path OPERATOR_SOURCES = ROOT.resolve("operator/src/main/java");
  /** Where the operator's crd-generator writes the CRD (operator/pom.xml, docs/operator.md). */
  static final Path GENERATED_CRD = ROOT.resolve("operator/target/classes/META-INF/fabric8/gamepipelines.gamepipe.io-v1.yml");
  static final String CRD_FILE = "gamepipelines.gamepipe.io-v1.yml";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private Repo() {
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Every Kubernetes object of a multi-document YAML text; documents holding only comments are skipped. */
  static List<HasMetadata> objects(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
        continue;
      }
      objects.add(Serialization.unmarshal(document, HasMetadata.class));
    }
    return objects;
  }

  static List<HasMetadata> objects(Path file) {
    return objects(read(file));
  }

  static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> matching = all(objects, type);
    assertThat(matching).as("objects of kind %s", type.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
