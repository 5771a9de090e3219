package io.gamepipe.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates objects against a CRD's openAPIV3Schema as an API server would: unknown fields are refused (as with
 * kubectl's default strict field validation) and defaults can be applied. CEL rules are not evaluated here.
 */
public final class SchemaSupport {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private SchemaSupport() {
  }

  public static JsonNode openApiSchema(CustomResourceDefinition crd) {
    return MAPPER.valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
  }

  /** Objects that declare properties accept no others, unless they preserve unknown fields. */
  public static JsonNode strict(JsonNode schema) {
    ObjectNode copy = schema.deepCopy();
    // The API server declares these at the root of every custom resource itself.
    ObjectNode properties = copy.withObjectProperty("properties");
    properties.putIfAbsent("apiVersion", MAPPER.createObjectNode().put("type", "string"));
    properties.putIfAbsent("kind", MAPPER.createObjectNode().put("type", "string"));
    properties.putIfAbsent("metadata", MAPPER.createObjectNode().put("type", "object"));
    tighten(copy);
    return copy;
  }

  private static void tighten(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("properties") && !object.has("additionalProperties")
          && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        object.put("additionalProperties", false);
      }
      object.forEach(SchemaSupport::tighten);
    } else if (node.isArray()) {
      node.forEach(SchemaSupport::tighten);
    }
  }

  public static Set<String> errors(JsonNode schema, Object instance) {
    JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
    Set<ValidationMessage> messages = validator.validate(MAPPER.valueToTree(instance));
    return messages.stream().map(ValidationMessage::getMessage).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Structural-schema defaulting: a missing property with a default gets it, then its own properties are defaulted. */
  public static void applyDefaults(JsonNode schema, JsonNode instance) {
    if (!(instance instanceof ObjectNode object) || !schema.has("properties")) {
      return;
    }
    for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
      if (!object.has(property.getKey()) && property.getValue().has("default")) {
        object.set(property.getKey(), property.getValue().get("default").deepCopy());
      }
      if (object.has(property.getKey())) {
        applyDefaults(property.getValue(), object.get(property.getKey()));
      }
    }
  }
}
