package dev.kanary.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** How {@code get} prints one kind as a table; {@code wide} is {@code -o wide}. */
public interface TableFormat {

  List<String> headers(boolean wide);

  List<String> row(JsonNode object, Instant now, boolean wide);

  /** The rows of the objects under the headers. */
  default String render(List<JsonNode> objects, Instant now, boolean wide) {
    Table table = new Table(headers(wide));
    objects.forEach(object -> table.add(row(object, now, wide)));
    return table.render();
  }
}
