package io.gamepipe.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's Jackson modules come from one release line. Maven takes the nearest declaration of
 * each artifact, so a test dependency once put databind 2.18 into the operator's jar next to
 * fabric8's core and jsr310 2.20: a mix Jackson does not support (a module may call databind methods
 * that its older databind lacks). Maven resolves one version per artifact for the module, so the
 * test class path shows what the jar holds.
 */
class JacksonLineTest {

  @Test
  void coreDatabindAndTheModulesFabric8UsesAreOneMinorVersion() {
    Map<String, Version> versions = Map.of(
        "jackson-core", com.fasterxml.jackson.core.json.PackageVersion.VERSION,
        "jackson-databind", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION,
        "jackson-datatype-jsr310", com.fasterxml.jackson.datatype.jsr310.PackageVersion.VERSION,
        "jackson-dataformat-yaml", com.fasterxml.jackson.dataformat.yaml.PackageVersion.VERSION);

    Version core = versions.get("jackson-core");
    assertThat(versions).allSatisfy((artifact, version) -> assertThat(version.getMinorVersion())
        .as("%s %s against jackson-core %s", artifact, version, core)
        .isEqualTo(core.getMinorVersion()));
    assertThat(versions.values()).extracting(Version::getMajorVersion).containsOnly(2);
  }
}
