package dev.kanary.server.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;

/**
 * What an event is about, as Kubernetes' {@code involvedObject}.
 *
 * @param uid the object's uid, or null when unknown
 */
public record InvolvedObject(
    String apiVersion, String kind, String namespace, String name, String uid) {

  /** The object a stored document describes. */
  public static InvolvedObject of(JsonNode object) {
    JsonNode meta = object.path("metadata");
    return new InvolvedObject(object.path("apiVersion").asText(), object.path("kind").asText(),
        meta.path("namespace").asText(null), meta.path("name").asText(),
        meta.path("uid").asText(null));
  }

  /** A replica, which the API shows as a Pod. */
  public static InvolvedObject pod(String namespace, String name) {
    return new InvolvedObject("v1", "Pod", namespace, name, null);
  }

  ObjectNode toJson() {
    ObjectNode node = Json.json().createObjectNode();
    node.put("apiVersion", apiVersion);
    node.put("kind", kind);
    if (namespace != null) {
      node.put("namespace", namespace);
    }
    node.put("name", name);
    if (uid != null) {
      node.put("uid", uid);
    }
    return node;
  }
}
