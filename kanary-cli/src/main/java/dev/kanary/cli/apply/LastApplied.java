package dev.kanary.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import java.io.IOException;

/**
 * kubectl's {@value #ANNOTATION} annotation: the configuration last applied, as compact JSON,
 * kept on the object so that the next apply knows which fields it set and may remove.
 */
public final class LastApplied {
  public static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

  private LastApplied() {}

  /** The configuration with the annotation holding itself (without the annotation). */
  public static ObjectNode annotate(ObjectNode configuration) {
    ObjectNode plain = configuration.deepCopy();
    ObjectNode plainMeta = metadata(plain);
    JsonNode annotations = plainMeta.get("annotations");
    if (annotations instanceof ObjectNode map) {
      map.remove(ANNOTATION);
      if (map.isEmpty()) {
        plainMeta.remove("annotations");
      }
    }
    ObjectNode annotated = plain.deepCopy();
    ObjectNode meta = metadata(annotated);
    JsonNode existing = meta.get("annotations");
    ObjectNode map = existing instanceof ObjectNode object ? object : meta.putObject("annotations");
    map.put(ANNOTATION, Json.toJson(plain) + "\n");
    return annotated;
  }

  /** What the live object says was applied last; an empty object when it says nothing. */
  public static JsonNode of(JsonNode live) {
    String text = live.path("metadata").path("annotations").path(ANNOTATION).asText("");
    if (text.isBlank()) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode parsed = Json.json().readTree(text);
      return parsed.isObject() ? parsed : JsonNodeFactory.instance.objectNode();
    } catch (IOException e) {
      return JsonNodeFactory.instance.objectNode();
    }
  }

  private static ObjectNode metadata(ObjectNode object) {
    JsonNode meta = object.get("metadata");
    return meta instanceof ObjectNode node ? node : object.putObject("metadata");
  }
}
