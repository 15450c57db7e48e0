package dev.kanary.server.store;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One clause of a label selector, matched as apimachinery's {@code labels.Requirement} does. */
public record LabelRequirement(String key, Operator operator, Set<String> values) {

  public enum Operator {
    EQUALS("="),
    NOT_EQUALS("!="),
    IN(" in "),
    NOT_IN(" notin "),
    EXISTS(""),
    DOES_NOT_EXIST("!"),
    GREATER_THAN(">"),
    LESS_THAN("<");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }
  }

  public LabelRequirement {
    values = Set.copyOf(values);
  }

  public boolean matches(Map<String, String> labels) {
    String value = labels.get(key);
    return switch (operator) {
      case EQUALS, IN -> value != null && values.contains(value);
      case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
      case EXISTS -> value != null;
      case DOES_NOT_EXIST -> value == null;
      case GREATER_THAN -> compare(value) > 0;
      case LESS_THAN -> compare(value) < 0;
    };
  }

  /** The sign of label − bound; 0 (no match) when the label is absent or not an integer. */
  private int compare(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Long.compare(Long.parseLong(value), Long.parseLong(values.iterator().next()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The canonical text, e.g. {@code tier in (a,b)}. */
  @Override
  public String toString() {
    List<String> sorted = List.copyOf(new TreeSet<>(values));
    return switch (operator) {
      case EXISTS -> key;
      case DOES_NOT_EXIST -> "!" + key;
      case IN, NOT_IN -> key + operator.symbol + "(" + String.join(",", sorted) + ")";
      default -> key + operator.symbol + sorted.getFirst();
    };
  }
}
