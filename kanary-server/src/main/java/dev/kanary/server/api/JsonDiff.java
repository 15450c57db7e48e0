package dev.kanary.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The leaves in which two documents differ, in the shape of Knative's {@code kmp.ShortDiff}: each
 * changed path, then {@code -:} the old value and {@code +:} the new one. Numbers compare by value,
 * since {@code 1} and {@code 1.0} and a long or an int 1 are the same field value.
 */
final class JsonDiff {
  private static final String ABSENT = "<absent>";

  private JsonDiff() {}

  /** The differences, one block per path; empty when the documents are the same. */
  static String describe(String root, JsonNode before, JsonNode after) {
    List<String> blocks = new ArrayList<>();
    collect(root, before, after, blocks);
    return String.join("", blocks);
  }

  private static void collect(String path, JsonNode before, JsonNode after, List<String> out) {
    if (sameValue(before, after)) {
      return;
    }
    if (before.isObject() && after.isObject()) {
      TreeSet<String> fields = new TreeSet<>();
      before.fieldNames().forEachRemaining(fields::add);
      after.fieldNames().forEachRemaining(fields::add);
      for (String field : fields) {
        collect(path + "." + field, before.path(field), after.path(field), out);
      }
    } else if (before.isArray() && after.isArray() && before.size() == after.size()) {
      for (int i = 0; i < before.size(); i++) {
        collect(path + "[" + i + "]", before.get(i), after.get(i), out);
      }
    } else {
      out.add(path + ":\n\t-: " + show(before) + "\n\t+: " + show(after) + "\n");
    }
  }

  static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      return a.size() == b.size() && a.properties().stream()
          .allMatch((Map.Entry<String, JsonNode> e) -> sameValue(e.getValue(), b.path(e.getKey())));
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameValue(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static String show(JsonNode node) {
    return node.isMissingNode() ? ABSENT : node.toString();
  }
}
