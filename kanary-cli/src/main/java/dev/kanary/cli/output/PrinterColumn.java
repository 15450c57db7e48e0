package dev.kanary.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * A CRD's {@code additionalPrinterColumns} entry, rendered as the API server's table convertor
 * does: the first value the JSONPath finds, formatted by the column's type; nothing found, or a
 * value of another type, is an empty cell.
 *
 * @param type {@code string}, {@code integer}, {@code boolean} or {@code date}
 * @param priority 0 shows always, more only with {@code -o wide}
 */
public record PrinterColumn(String name, String type, JsonPath jsonPath, int priority) {

  public static PrinterColumn of(String name, String type, String jsonPath) {
    return new PrinterColumn(name, type, JsonPath.parse(jsonPath), 0);
  }

  /** kubectl's header: the name in capitals. */
  public String header() {
    return name.toUpperCase(Locale.ROOT);
  }

  public String cell(JsonNode object, Instant now) {
    List<JsonNode> found = jsonPath.find(object);
    if (found.isEmpty()) {
      return "";
    }
    JsonNode value = found.get(0);
    return switch (type) {
      case "integer" -> value.isNumber() ? Long.toString(value.asLong()) : "";
      case "number" -> value.isNumber() ? value.asText() : "";
      case "boolean" -> value.isBoolean() ? Boolean.toString(value.asBoolean()) : "";
      case "date" -> age(value, now);
      default -> value.isValueNode() ? value.asText() : value.toString();
    };
  }

  /** kubectl's AGE of an RFC 3339 time; anything else is blank. */
  public static String age(JsonNode value, Instant now) {
    if (!value.isTextual()) {
      return "";
    }
    try {
      return HumanDuration.format(Duration.between(Instant.parse(value.asText()), now));
    } catch (DateTimeParseException e) {
      return "";
    }
  }
}
