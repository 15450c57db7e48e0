package dev.kanary.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.server.store.ResourceType;
import java.util.stream.Collectors;

/**
 * Admission control of one kind, run before every spec write as the kind's webhook would be:
 * defaulting, then validation. Pure: the current object, if any, is given, never fetched.
 */
interface Admission {

  /**
   * The object to store, with defaults applied.
   *
   * @param current the stored object an update replaces; null on create
   * @throws ApiException 422 Invalid with the kind's own message
   */
  ObjectNode admit(ObjectNode object, ObjectNode current);

  static Admission forType(ResourceType type) {
    if (type.equals(ResourceType.INFERENCE_SERVICE)) {
      return new InferenceServiceAdmission();
    }
    if (type.equals(ResourceType.SERVICE)) {
      return new ServiceAdmission();
    }
    if (type.equals(ResourceType.REVISION)) {
      return new RevisionAdmission();
    }
    if (type.equals(ResourceType.CLUSTER_SERVING_RUNTIME)) {
      return new ServingRuntimeAdmission();
    }
    throw new IllegalArgumentException("no admission for " + type.kind());
  }

  /**
   * The object decoded into core's record.
   *
   * @throws ApiException 422 naming the field that does not decode, in Kubernetes' path notation
   */
  static <T> T decode(ObjectNode object, Class<T> record, ResourceType type) {
    try {
      return Json.json().treeToValue(object, record);
    } catch (JsonMappingException e) {
      throw ApiException.invalid(type, object.path("metadata").path("name").asText(null),
          fieldPath(e) + ": Invalid value: " + readable(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw ApiException.invalid(type, null, readable(e.getOriginalMessage()));
    }
  }

  private static String fieldPath(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null
            ? "." + ref.getFieldName()
            : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  /** Jackson's first line, with Java's type names cut to what a YAML author would call them. */
  private static String readable(String message) {
    return message.lines().findFirst().orElse(message)
        .replaceAll("`java\\.(lang|util|time)\\.(\\w+)`", "$2")
        .replaceAll("`dev\\.kanary\\.core\\.[\\w.]+\\.(\\w+)`", "$1");
  }
}
