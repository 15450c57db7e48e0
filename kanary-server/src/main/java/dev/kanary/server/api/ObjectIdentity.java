package dev.kanary.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.server.store.ResourceType;
import java.util.Map;

/**
 * Reconciles a body with its URL as the API server does: what the body leaves out (apiVersion,
 * kind, name, namespace) comes from the URL; what it says must agree with the URL.
 */
final class ObjectIdentity {
  private ObjectIdentity() {}

  /**
   * A copy of the body with its identity filled in from the path.
   *
   * @throws ApiException 400 BadRequest when the body names another kind, object or namespace
   */
  static ObjectNode conform(ApiPath path, ObjectNode body) {
    ResourceType type = path.type();
    agree(body, "apiVersion", type.apiVersion(), "the API version in the data (%s) does not"
        + " match the expected API version (%s)");
    agree(body, "kind", type.kind(), "the kind in the data (%s) does not match the kind of"
        + " the URL (%s)");
    ObjectNode object = Json.json().createObjectNode()
        .put("apiVersion", type.apiVersion())
        .put("kind", type.kind());
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      object.putIfAbsent(field.getKey(), field.getValue().deepCopy());
    }
    JsonNode metadata = object.path("metadata");
    if (!metadata.isMissingNode() && !metadata.isObject()) {
      throw ApiException.badRequest("metadata must be an object, e.g. metadata: {name: my-model}");
    }
    ObjectNode meta = metadata.isObject() ? (ObjectNode) metadata : object.putObject("metadata");
    String name = meta.path("name").asText("");
    if (path.name() != null) {
      if (!name.isEmpty() && !name.equals(path.name())) {
        throw ApiException.badRequest("the name of the object (" + name
            + ") does not match the name on the URL (" + path.name() + ")");
      }
      meta.put("name", path.name());
    }
    String namespace = meta.path("namespace").asText("");
    if (!type.namespaced()) {
      meta.remove("namespace");
    } else if (path.namespace() != null) {
      if (!namespace.isEmpty() && !namespace.equals(path.namespace())) {
        throw ApiException.badRequest("the namespace of the provided object (" + namespace
            + ") does not match the namespace sent on the request (" + path.namespace() + ")");
      }
      meta.put("namespace", path.namespace());
    }
    return object;
  }

  private static void agree(ObjectNode body, String field, String expected, String mismatch) {
    String given = body.path(field).asText("");
    if (!given.isEmpty() && !given.equals(expected)) {
      throw ApiException.badRequest(mismatch.formatted(given, expected));
    }
  }
}
