package io.gamepipe.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain manifests in k8s/, the chart's CRD and kind-config.yaml agree with the operator and with each other. */
class ManifestsTest {

  @Test
  void crdCopiesAreByteIdenticalToTheGeneratedCrd() throws Exception {
    assertThat(Repo.GENERATED_CRD)
        .as("the operator's generated CRD (build the operator first: mvn -pl helm -am test)")
        .exists();
    List<String> generated = Files.readString(Repo.GENERATED_CRD).lines().toList();
    for (Path copy : List.of(Repo.K8S.resolve("crd").resolve(Repo.CRD_FILE), Repo.CHART.resolve("crds").resolve(Repo.CRD_FILE))) {
      assertThat(Files.readAllBytes(copy))
          .as("%s differs from the generated CRD (%s); refresh it with: cp %s %s", copy, firstDifference(generated, copy),
              Repo.ROOT.relativize(Repo.GENERATED_CRD), Repo.ROOT.relativize(copy))
          .isEqualTo(Files.readAllBytes(Repo.GENERATED_CRD));
    }
  }

  private static String firstDifference(List<String> generated, Path copy) {
    List<String> lines = Repo.read(copy).lines().toList();
    for (int i = 0; i < Math.max(lines.size(), generated.size()); i++) {
      String expected = i < generated.size() ? generated.get(i) : "<end of file>";
      String actual = i < lines.size() ? lines.get(i) : "<end of file>";
      if (!expected.equals(actual)) {
        return "line " + (i + 1) + ": generated '" + expected.strip() + "', copy '" + actual.strip() + "'";
      }
    }
    return "same lines, different line endings";
  }

  @Test
  void theGeneratedCrdIsTheGamePipelineOne() {
    JsonNode crd = CrdSchema.yaml(Repo.GENERATED_CRD);
    assertThat(crd.path("metadata").path("name").asText()).isEqualTo("gamepipelines.gamepipe.io");
    assertThat(crd.path("spec").path("names").path("shortNames").get(0).asText()).isEqualTo("gp");
    JsonNode version = crd.path("spec").path("versions").get(0);
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    assertThat(version.path("subresources").has("status")).as("status subresource").isTrue();
  }

  @Test
  void kustomizationListsExistingFilesAndEveryOperatorManifest() throws Exception {
    JsonNode kustomization = CrdSchema.yaml(Repo.K8S.resolve("kustomization.yaml"));
    List<String> resources = new ArrayList<>();
    kustomization.path("resources").forEach(resource -> resources.add(resource.asText()));
    for (String resource : resources) {
      assertThat(Repo.K8S.resolve(resource)).as("kustomization resource %s", resource).isRegularFile();
    }
    try (var operatorFiles = Files.list(Repo.K8S.resolve("operator"))) {
      List<String> expected = operatorFiles.map(file -> "operator/" + file.getFileName()).toList();
      assertThat(resources).containsAll(expected).contains("crd/" + Repo.CRD_FILE);
    }
  }

  @Test
  void kindClusterHasAnIngressReadyNodeWithHostPorts80And443() {
    JsonNode kind = CrdSchema.yaml(Repo.ROOT.resolve("kind-config.yaml"));
    JsonNode node = kind.path("nodes").get(0);
    assertThat(node.path("kubeadmConfigPatches").get(0).asText()).contains("node-labels: \"ingress-ready=true\"");
    List<String> mappings = new ArrayList<>();
    node.path("extraPortMappings").forEach(m -> mappings.add(m.path("containerPort").asInt() + "->" + m.path("hostPort").asInt()));
    assertThat(mappings).containsExactly("80->80", "443->443");
  }

  /**
   * On an arm64 kind node (a Mac) an amd64-only image fails with "exec format error". Both bases publish amd64 and
   * arm64, so every image is built for both; e2e/kind.sh builds the tarball for the Docker host's platform.
   */
  @Test
  void imagesAreBuiltForAmd64AndArm64() throws Exception {
    var pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(Repo.ROOT.resolve("pom.xml").toFile());
    var xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
    var platforms = (org.w3c.dom.NodeList) xpath.evaluate("/project/build/pluginManagement/plugins/plugin"
        + "[artifactId='jib-maven-plugin']/configuration/from/platforms/platform", pom,
        javax.xml.xpath.XPathConstants.NODESET);
    List<String> built = new ArrayList<>();
    for (int i = 0; i < platforms.getLength(); i++) {
      built.add(xpath.evaluate("os", platforms.item(i)) + "/" + xpath.evaluate("architecture", platforms.item(i)));
    }
    assertThat(built).containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
    assertThat(Repo.read(Repo.ROOT.resolve("e2e/kind.sh"))).contains("jib:buildTar", "-Djib.from.platforms=\"linux/$ARCH\"");
  }
}
