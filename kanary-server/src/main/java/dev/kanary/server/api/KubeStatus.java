package dev.kanary.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.server.store.ResourceType;

/**
 * A failed call as Kubernetes reports it: a {@code Status} (meta/v1) whose code is also the HTTP
 * status, so that kubectl-style clients read our errors as they read the API server's.
 *
 * @param details what the error is about; null when it concerns no particular object
 */
public record KubeStatus(int code, String reason, String message, Details details) {

  /** {@code details}: the object's name, its API group and its resource (plural) name. */
  public record Details(String name, String group, String kind) {
    public static Details of(ResourceType type, String name) {
      return new Details(name, type.group(), type.plural());
    }
  }

  public static KubeStatus of(int code, String reason, String message) {
    return new KubeStatus(code, reason, message, null);
  }

  public KubeStatus withDetails(Details newDetails) {
    return new KubeStatus(code, reason, message, newDetails);
  }

  /** The Status document; Kubernetes always writes {@code metadata: {}}, so we do too. */
  public ObjectNode toJson() {
    ObjectNode status = Json.json().createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    if (details != null) {
      ObjectNode node = status.putObject("details");
      putIfPresent(node, "name", details.name());
      putIfPresent(node, "group", details.group());
      putIfPresent(node, "kind", details.kind());
    }
    status.put("code", code);
    return status;
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }
}
