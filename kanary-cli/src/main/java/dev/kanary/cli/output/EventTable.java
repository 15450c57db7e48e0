package dev.kanary.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** kubectl's event table: LAST SEEN TYPE REASON OBJECT MESSAGE. */
public final class EventTable implements TableFormat {

  @Override
  public List<String> headers(boolean wide) {
    return List.of("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
  }

  @Override
  public List<String> row(JsonNode event, Instant now, boolean wide) {
    return List.of(
        PrinterColumn.age(event.path("lastTimestamp"), now),
        event.path("type").asText(""),
        event.path("reason").asText(""),
        object(event),
        event.path("message").asText("").replace('\n', ' '));
  }

  /** {@code kind/name}, the kind in lower case, as kubectl writes an object. */
  public static String object(JsonNode event) {
    JsonNode involved = event.path("involvedObject");
    return involved.path("kind").asText("").toLowerCase(Locale.ROOT) + "/"
        + involved.path("name").asText("");
  }
}
