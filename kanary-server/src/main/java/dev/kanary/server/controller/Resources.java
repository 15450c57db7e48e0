package dev.kanary.server.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Conversions between core's records and the store's JSON documents. */
public final class Resources {
  private Resources() {}

  public static ObjectNode toJson(Object resource) {
    return Json.json().valueToTree(resource);
  }

  /** A short digest of a value's canonical JSON: equal for values that serialize equally. */
  public static String digest(Object value) {
    try {
      byte[] canonical = Json.json().writeValueAsBytes(sorted(Json.json().valueToTree(value)));
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(hash, 0, 10);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot digest " + value.getClass().getSimpleName(), e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        fields.put(field.getKey(), sorted(field.getValue()));
      }
      ObjectNode result = Json.json().createObjectNode();
      fields.forEach(result::set);
      return result;
    }
    if (node.isArray()) {
      var result = Json.json().createArrayNode();
      node.forEach(element -> result.add(sorted(element)));
      return result;
    }
    return node;
  }
}
