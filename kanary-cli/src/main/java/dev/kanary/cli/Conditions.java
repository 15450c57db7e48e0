package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Reading Knative-style conditions out of an object's status. */
final class Conditions {
  private Conditions() {}

  /** The condition of that type, or a missing node. */
  static JsonNode find(JsonNode object, String type) {
    for (JsonNode condition : object.at("/status/conditions")) {
      if (condition.path("type").asText().equals(type)) {
        return condition;
      }
    }
    return MissingNode.getInstance();
  }

  static String status(JsonNode object, String type) {
    return find(object, type).path("status").asText("");
  }

  static boolean isTrue(JsonNode object, String type) {
    return status(object, type).equals("True");
  }
}
