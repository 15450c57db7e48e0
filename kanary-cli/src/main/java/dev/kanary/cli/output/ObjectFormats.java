package dev.kanary.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -o json} and {@code -o yaml} as kubectl writes them: keys sorted (Go marshals maps that
 * way), JSON indented by four spaces, several objects wrapped in a {@code v1 List}.
 */
public final class ObjectFormats {
  private static final DefaultPrettyPrinter GO_INDENT = new DefaultPrettyPrinter(
      Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("    ", "\n"))
      .withArrayIndenter(new DefaultIndenter("    ", "\n"));

  private ObjectFormats() {}

  public static String json(JsonNode document) {
    try {
      return Json.json().writer(GO_INDENT).writeValueAsString(sorted(document)) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String yaml(JsonNode document) {
    return Json.toYaml(sorted(document));
  }

  /** kubectl's wrapper for the objects of a {@code get} without a name. */
  public static ObjectNode list(List<JsonNode> items) {
    ObjectNode list = JsonNodeFactory.instance.objectNode();
    list.put("apiVersion", "v1");
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    list.put("kind", "List");
    list.putObject("metadata").put("resourceVersion", "");
    return list;
  }

  static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      names.forEach(name -> copy.set(name, sorted(node.get(name))));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }
}
