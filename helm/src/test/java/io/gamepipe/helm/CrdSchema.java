package io.gamepipe.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The GamePipeline CRD's openAPIV3Schema as a JSON schema: what the API server would refuse, short of
 * defaulting and the x-kubernetes-validations (CEL) rules, which only a real API server evaluates.
 */
final class CrdSchema {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JsonSchema schema;

  private CrdSchema(JsonNode openApiV3Schema) {
    // OpenAPI v3 schemas are draft-4 style (exclusiveMinimum as a boolean); x-kubernetes-* keywords are ignored.
    this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApiV3Schema);
  }

  static CrdSchema of(Path crdFile) {
    JsonNode crd = yaml(crdFile);
    JsonNode versions = crd.path("spec").path("versions");
    for (JsonNode version : versions) {
      if ("v1alpha1".equals(version.path("name").asText())) {
        return new CrdSchema(version.path("schema").path("openAPIV3Schema"));
      }
    }
    throw new IllegalStateException(crdFile + " has no version v1alpha1");
  }

  /** The messages the schema gives for one GamePipeline object; empty when it is valid. */
  List<String> problems(JsonNode gamePipeline) {
    return schema.validate(gamePipeline).stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }
}
