package dev.kanary.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The part of kubectl's JSONPath that CRD printer columns use: {@code .field}, {@code ['a\.b']}
 * (a key with dots, escaped), {@code [*]}, {@code [N]}, and filters {@code [?(@.x.y=='v')]} with a
 * string, number or boolean. Missing keys find nothing, as with {@code AllowMissingKeys}.
 */
public final class JsonPath {
  private interface Step {
    void apply(JsonNode node, List<JsonNode> out);
  }

  private final String text;
  private final List<Step> steps;

  private JsonPath(String text, List<Step> steps) {
    this.text = text;
    this.steps = steps;
  }

  /** @throws IllegalArgumentException naming the position of what it cannot read */
  public static JsonPath parse(String text) {
    return new JsonPath(text, new Parser(text).steps());
  }

  /** Every match, in document order. */
  public List<JsonNode> find(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        step.apply(node, next);
      }
      current = next;
    }
    return current;
  }

  @Override
  public String toString() {
    return text;
  }

  private static Step field(String name) {
    return (node, out) -> {
      JsonNode child = node.get(name);
      if (child != null && !child.isNull()) {
        out.add(child);
      }
    };
  }

  private static Step all() {
    return (node, out) -> node.elements().forEachRemaining(out::add);
  }

  private static Step index(int index) {
    return (node, out) -> {
      if (node.isArray() && index < node.size()) {
        out.add(node.get(index));
      }
    };
  }

  private static Step filter(JsonPath left, Object right) {
    return (node, out) -> {
      if (!node.isArray()) {
        return;
      }
      for (JsonNode element : node) {
        if (left.find(element).stream().anyMatch(value -> matches(value, right))) {
          out.add(element);
        }
      }
    };
  }

  private static boolean matches(JsonNode value, Object literal) {
    return switch (literal) {
      case String s -> value.isTextual() && value.asText().equals(s);
      case Boolean b -> value.isBoolean() && value.asBoolean() == b;
      case BigDecimal n -> value.isNumber() && value.decimalValue().compareTo(n) == 0;
      default -> Objects.equals(value, literal);
    };
  }

  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text.startsWith("{") && text.endsWith("}")
          ? text.substring(1, text.length() - 1)
          : text;
    }

    List<Step> steps() {
      List<Step> steps = new ArrayList<>();
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c == '.') {
          at++;
          steps.add(field(name()));
        } else if (c == '[') {
          steps.add(bracket());
        } else if (c == '@' && at == 0) {
          at++;
        } else {
          throw error("expected '.' or '['");
        }
      }
      return steps;
    }

    private String name() {
      int start = at;
      while (at < text.length() && text.charAt(at) != '.' && text.charAt(at) != '['
          && text.charAt(at) != '=' && text.charAt(at) != ')' && text.charAt(at) != ' ') {
        at++;
      }
      if (start == at) {
        throw error("expected a field name");
      }
      return text.substring(start, at);
    }

    private Step bracket() {
      int close = text.indexOf(']', at);
      if (text.startsWith("[?(", at)) {
        int end = text.indexOf(")]", at);
        if (end < 0) {
          throw error("unterminated filter");
        }
        String[] sides = text.substring(at + 3, end).split("==", 2);
        if (sides.length != 2 || !sides[0].strip().startsWith("@")) {
          throw error("filters are [?(@.field==value)]");
        }
        Step filter = filter(parse(sides[0].strip()), literal(sides[1].strip()));
        at = end + 2;
        return filter;
      }
      if (text.startsWith("['", at)) {
        StringBuilder key = new StringBuilder();
        at += 2;
        while (at < text.length() && text.charAt(at) != '\'') {
          if (text.charAt(at) == '\\' && at + 1 < text.length()) {
            at++;
          }
          key.append(text.charAt(at++));
        }
        if (!text.startsWith("']", at)) {
          throw error("unterminated ['key']");
        }
        at += 2;
        return field(key.toString());
      }
      if (close < 0) {
        throw error("unterminated [");
      }
      String inside = text.substring(at + 1, close).strip();
      at = close + 1;
      if (inside.equals("*")) {
        return all();
      }
      try {
        return index(Integer.parseInt(inside));
      } catch (NumberFormatException e) {
        throw error("expected [*], [N], ['key'] or [?(...)]");
      }
    }

    private Object literal(String value) {
      if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
          || value.startsWith("\"") && value.endsWith("\""))) {
        return value.substring(1, value.length() - 1);
      }
      if (value.equals("true") || value.equals("false")) {
        return Boolean.parseBoolean(value);
      }
      try {
        return new BigDecimal(value);
      } catch (NumberFormatException e) {
        throw error("expected a quoted string, a number or a boolean, got " + value);
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("JSONPath " + text + " at " + at + ": " + what);
    }
  }
}
