package dev.kanary.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * kubectl apply's three-way JSON merge patch, the one it sends for custom resources
 * ({@code jsonmergepatch.CreateThreeWayJSONMergePatch}): set what the file sets and the live
 * object does not have that way, and remove what the last applied file set and this one no longer
 * does. Fields only the server or the controllers wrote (status, defaults) are left alone. Lists
 * are replaced whole, as merge patches do.
 */
public final class MergePatches {
  /** Numbers compare by value: 10 from YAML and 10 from the server are the same. */
  private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  private MergePatches() {}

  /**
   * @param original the last applied configuration; an empty object when there is none
   * @param modified the configuration being applied
   * @param current the live object
   * @return the patch; empty when nothing changes
   */
  public static ObjectNode threeWay(JsonNode original, JsonNode modified, JsonNode current) {
    ObjectNode additionsAndChanges = withoutNulls(diff(current, modified));
    ObjectNode deletions = onlyNulls(diff(original, modified));
    return merge(deletions, additionsAndChanges);
  }

  /** The merge patch that turns {@code from} into {@code to}, two objects. */
  static ObjectNode diff(JsonNode from, JsonNode to) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    to.fields().forEachRemaining(field -> {
      JsonNode before = from.get(field.getKey());
      JsonNode after = field.getValue();
      if (before == null || !sameValue(before, after)) {
        if (before != null && before.isObject() && after.isObject()) {
          ObjectNode nested = diff(before, after);
          if (!nested.isEmpty()) {
            patch.set(field.getKey(), nested);
          }
        } else {
          patch.set(field.getKey(), after);
        }
      }
    });
    from.fieldNames().forEachRemaining(name -> {
      if (!to.has(name)) {
        patch.putNull(name);
      }
    });
    return patch;
  }

  static boolean sameValue(JsonNode a, JsonNode b) {
    return a.equals(SAME_VALUE, b);
  }

  /** The patch's additions and changes: every removal dropped, and objects left empty by it. */
  static ObjectNode withoutNulls(ObjectNode patch) {
    ObjectNode kept = JsonNodeFactory.instance.objectNode();
    patch.fields().forEachRemaining(field -> {
      JsonNode value = field.getValue();
      if (value.isObject()) {
        ObjectNode nested = withoutNulls((ObjectNode) value);
        if (!nested.isEmpty() || value.isEmpty()) {
          kept.set(field.getKey(), nested);
        }
      } else if (!value.isNull()) {
        kept.set(field.getKey(), value);
      }
    });
    return kept;
  }

  /** The patch's removals only. */
  static ObjectNode onlyNulls(ObjectNode patch) {
    ObjectNode kept = JsonNodeFactory.instance.objectNode();
    patch.fields().forEachRemaining(field -> {
      JsonNode value = field.getValue();
      if (value.isNull()) {
        kept.putNull(field.getKey());
      } else if (value.isObject()) {
        ObjectNode nested = onlyNulls((ObjectNode) value);
        if (!nested.isEmpty()) {
          kept.set(field.getKey(), nested);
        }
      }
    });
    return kept;
  }

  /** Two patches as one; where both say something about a field, the second wins. */
  static ObjectNode merge(ObjectNode first, ObjectNode second) {
    ObjectNode merged = first.deepCopy();
    List<String> names = new ArrayList<>();
    second.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode mine = merged.get(name);
      JsonNode theirs = second.get(name);
      if (mine != null && mine.isObject() && theirs.isObject()) {
        merged.set(name, merge((ObjectNode) mine, (ObjectNode) theirs));
      } else {
        merged.set(name, theirs);
      }
    }
    return merged;
  }
}
