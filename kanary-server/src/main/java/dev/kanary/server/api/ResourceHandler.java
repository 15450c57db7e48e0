package dev.kanary.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.server.store.LabelSelector;
import dev.kanary.server.store.ListResult;
import dev.kanary.server.store.ResourceStore;
import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.StoreException;
import dev.kanary.server.store.StoredObject;
import java.util.function.Supplier;

/**
 * The verbs of the API on the store, synchronous: the caller runs them off the event loop. Bodies
 * are checked against the URL, admitted, then written; store refusals become API errors.
 */
final class ResourceHandler {
  /** A merge patch without a resourceVersion is retried this often when a writer races it. */
  static final int PATCH_ATTEMPTS = 5;

  private final ResourceStore store;

  ResourceHandler(ResourceStore store) {
    this.store = store;
  }

  ObjectNode create(ApiPath path, ObjectNode body) {
    ObjectNode object = ObjectIdentity.conform(path, body);
    ObjectNode admitted = Admission.forType(path.type()).admit(object, null);
    return storing(path.type(), nameOf(admitted), () -> store.create(path.type(), admitted)).json();
  }

  ObjectNode get(ApiPath path) {
    return current(path).json();
  }

  ObjectNode list(ApiPath path, LabelSelector selector) {
    ListResult result = store.list(path.type(), path.namespace(), selector);
    ObjectNode list = Json.json().createObjectNode();
    list.put("apiVersion", path.type().apiVersion());
    list.put("kind", path.type().kind() + "List");
    list.putObject("metadata").put("resourceVersion", Long.toString(result.resourceVersion()));
    ArrayNode items = list.putArray("items");
    result.items().forEach(item -> items.add(item.json()));
    return list;
  }

  /** PUT: the body's resourceVersion, when present, must be the stored one. */
  ObjectNode replace(ApiPath path, ObjectNode body) {
    ObjectNode object = ObjectIdentity.conform(path, body);
    if (path.status()) {
      return storing(path.type(), path.name(),
          () -> store.updateStatus(path.type(), object)).json();
    }
    ObjectNode admitted = Admission.forType(path.type()).admit(object, current(path).json());
    return storing(path.type(), path.name(), () -> store.update(path.type(), admitted)).json();
  }

  /**
   * PATCH with a JSON merge patch, applied to the stored object. A patch that names a
   * resourceVersion is a precondition; one that does not is applied to whatever is current, and
   * retried when another write lands between the read and the write.
   */
  ObjectNode patch(ApiPath path, ObjectNode patch) {
    boolean pinned = !patch.path("metadata").path("resourceVersion").asText("").isEmpty();
    for (int attempt = 1; ; attempt++) {
      StoredObject current = current(path);
      JsonNode patched = MergePatch.apply(current.json(), patch);
      if (!patched.isObject()) {
        throw ApiException.badRequest("the patch must leave an object");
      }
      ObjectNode object = ObjectIdentity.conform(path, (ObjectNode) patched);
      if (!pinned) {
        ((ObjectNode) object.get("metadata"))
            .put("resourceVersion", Long.toString(current.resourceVersion()));
      }
      try {
        return write(path, object, current).json();
      } catch (StoreException e) {
        if (pinned || e.reason() != StoreException.Reason.CONFLICT || attempt == PATCH_ATTEMPTS) {
          throw ApiException.from(e, path.type(), path.name());
        }
      }
    }
  }

  ObjectNode delete(ApiPath path, Long expectedResourceVersion) {
    return storing(path.type(), path.name(),
        () -> store.delete(path.key(), expectedResourceVersion)).json();
  }

  private StoredObject write(ApiPath path, ObjectNode object, StoredObject current) {
    if (path.status()) {
      return store.updateStatus(path.type(), object);
    }
    ObjectNode admitted = Admission.forType(path.type()).admit(object, current.json());
    return store.update(path.type(), admitted);
  }

  private StoredObject current(ApiPath path) {
    return store.get(path.key()).orElseThrow(() -> ApiException.notFound(path.type(), path.name()));
  }

  private static StoredObject storing(
      ResourceType type, String name, Supplier<StoredObject> write) {
    try {
      return write.get();
    } catch (StoreException e) {
      throw ApiException.from(e, type, name);
    }
  }

  private static String nameOf(ObjectNode object) {
    JsonNode metadata = object.path("metadata");
    String name = metadata.path("name").asText("");
    return name.isEmpty() ? metadata.path("generateName").asText(null) : name;
  }
}
