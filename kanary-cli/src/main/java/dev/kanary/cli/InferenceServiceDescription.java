package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.cli.apply.LastApplied;
import dev.kanary.cli.output.EventTable;
import dev.kanary.cli.output.HumanDuration;
import dev.kanary.cli.output.PrinterColumn;
import dev.kanary.cli.output.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kanary describe isvc}: the InferenceService in kubectl describe's layout (aligned
 * "Key: value" lines, indented tables, Events last), with what a canary rollout needs in one
 * place: the predictor's spec, every revision with its share of the traffic, the rolled-out
 * revisions, each condition with its reason and message, and the recent events of the whole
 * chain (the InferenceService, its Service, revisions and replicas).
 */
final class InferenceServiceDescription {
  private static final String NONE = "<none>";

  private InferenceServiceDescription() {}

  static String render(JsonNode isvc, List<JsonNode> revisions, List<JsonNode> events,
      Instant now) {
    StringBuilder out = new StringBuilder();
    JsonNode meta = isvc.path("metadata");
    JsonNode status = isvc.path("status");
    Map<String, String> top = new LinkedHashMap<>();
    top.put("Name", meta.path("name").asText());
    top.put("Namespace", meta.path("namespace").asText());
    top.put("Labels", pairs(meta.path("labels")));
    top.put("Annotations", pairs(meta.path("annotations")));
    top.put("Created", meta.path("creationTimestamp").asText() + " ("
        + PrinterColumn.age(meta.path("creationTimestamp"), now) + " ago)");
    top.put("URL", text(status.path("url")));
    top.put("Generation", meta.path("generation").asText() + " (observed: "
        + status.path("observedGeneration").asText("none") + ")");
    top.put("Ready", Conditions.status(isvc, "Ready").isEmpty()
        ? "Unknown" : Conditions.status(isvc, "Ready"));
    keyValues(out, "", top);

    out.append("Predictor:\n");
    keyValues(out, "  ", predictor(isvc.at("/spec/predictor")));

    JsonNode component = status.at("/components/predictor");
    out.append("Revisions:\n");
    if (revisions.isEmpty()) {
      out.append("  ").append(NONE).append('\n');
    } else {
      indent(out, revisionTable(revisions, component.path("traffic"), now));
    }
    Map<String, String> rolledOut = new LinkedHashMap<>();
    rolledOut.put("Latest Created", text(component.path("latestCreatedRevision")));
    rolledOut.put("Latest Ready", text(component.path("latestReadyRevision")));
    rolledOut.put("Latest Rolled Out", text(component.path("latestRolledoutRevision")));
    rolledOut.put("Previous Rolled Out", text(component.path("previousRolledoutRevision")));
    keyValues(out, "  ", rolledOut);

    out.append("Conditions:\n");
    if (status.path("conditions").isEmpty()) {
      out.append("  ").append(NONE).append('\n');
    } else {
      Table conditions = table("Type", "Status", "Reason", "Message", "Age");
      for (JsonNode condition : status.path("conditions")) {
        conditions.add(List.of(condition.path("type").asText(),
            condition.path("status").asText(), condition.path("reason").asText(""),
            oneLine(condition.path("message").asText("")),
            PrinterColumn.age(condition.path("lastTransitionTime"), now)));
      }
      indent(out, conditions);
    }

    if (events.isEmpty()) {
      out.append("Events:  ").append(NONE).append('\n');
    } else {
      out.append("Events:\n");
      Table table = table("Type", "Reason", "Age", "Object", "Message");
      for (JsonNode event : events) {
        table.add(List.of(event.path("type").asText(), event.path("reason").asText(),
            eventAge(event, now), EventTable.object(event),
            oneLine(event.path("message").asText(""))));
      }
      indent(out, table);
    }
    return out.toString();
  }

  private static Map<String, String> predictor(JsonNode predictor) {
    Map<String, String> fields = new LinkedHashMap<>();
    JsonNode model = predictor.path("model");
    if (!model.isMissingNode()) {
      String format = model.at("/modelFormat/name").asText("");
      String version = model.at("/modelFormat/version").asText("");
      fields.put("Model Format", format + (version.isEmpty() ? "" : " (version " + version + ")"));
      putIfPresent(fields, "Runtime", model.path("runtime"));
      putIfPresent(fields, "Protocol", model.path("protocolVersion"));
      fields.put("Storage URI", text(model.path("storageUri")));
    }
    JsonNode containers = predictor.path("containers");
    if (!containers.isEmpty()) {
      JsonNode container = containers.get(0);
      List<String> command = new ArrayList<>();
      container.path("command").forEach(part -> command.add(part.asText()));
      container.path("args").forEach(part -> command.add(part.asText()));
      fields.put("Container", container.path("name").asText("") + ": " + String.join(" ", command));
    }
    JsonNode canary = predictor.path("canaryTrafficPercent");
    fields.put("Canary Traffic Percent", canary.isNumber() ? canary.asText() : NONE);
    putIfPresent(fields, "Min Replicas", predictor.path("minReplicas"));
    putIfPresent(fields, "Max Replicas", predictor.path("maxReplicas"));
    return fields;
  }

  /** Newest first; each with its share of the traffic and its tags, from the status. */
  private static Table revisionTable(List<JsonNode> revisions, JsonNode traffic, Instant now) {
    Table table = table("Name", "Traffic", "Tags", "Ready", "Replicas", "Age");
    List<JsonNode> newestFirst = new ArrayList<>(revisions);
    newestFirst.sort(Comparator.comparing(
        (JsonNode r) -> r.at("/metadata/name").asText()).reversed());
    for (JsonNode revision : newestFirst) {
      String name = revision.at("/metadata/name").asText();
      long percent = 0;
      List<String> tags = new ArrayList<>();
      for (JsonNode target : traffic) {
        if (target.path("revisionName").asText().equals(name)) {
          percent += target.path("percent").asLong();
          if (target.hasNonNull("tag")) {
            tags.add(target.path("tag").asText());
          }
        }
      }
      String ready = Conditions.status(revision, "Ready");
      table.add(List.of(name, percent + "%", tags.isEmpty() ? NONE : String.join(",", tags),
          ready.isEmpty() ? "Unknown" : ready,
          revision.at("/status/actualReplicas").asInt() + "/"
              + revision.at("/status/desiredReplicas").asInt(),
          PrinterColumn.age(revision.at("/metadata/creationTimestamp"), now)));
    }
    return table;
  }

  /** kubectl describe's event age: {@code 5m}, or {@code 5m (x3 over 12m)} when it repeated. */
  static String eventAge(JsonNode event, Instant now) {
    String last = PrinterColumn.age(event.path("lastTimestamp"), now);
    int count = event.path("count").asInt(1);
    if (count <= 1) {
      return last;
    }
    try {
      Instant first = Instant.parse(event.path("firstTimestamp").asText());
      return last + " (x" + count + " over " + HumanDuration.format(Duration.between(first, now))
          + ")";
    } catch (DateTimeParseException e) {
      return last;
    }
  }

  private static Table table(String... headers) {
    Table table = new Table(List.of(headers), Table.DESCRIBE_PADDING);
    List<String> rules = new ArrayList<>();
    for (String header : headers) {
      rules.add("-".repeat(header.length()));
    }
    return table.add(rules);
  }

  private static void indent(StringBuilder out, Table table) {
    table.render().lines().forEach(line -> out.append("  ").append(line.stripTrailing())
        .append('\n'));
  }

  private static void keyValues(StringBuilder out, String indent, Map<String, String> fields) {
    int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
    fields.forEach((key, value) -> out.append(indent).append(key).append(':')
        .append(" ".repeat(width - key.length() + Table.DESCRIBE_PADDING - 1)).append(value)
        .append('\n'));
  }

  /** {@code key=value}, comma-separated, without kubectl's last-applied annotation. */
  private static String pairs(JsonNode map) {
    List<String> pairs = new ArrayList<>();
    map.fields().forEachRemaining(entry -> {
      if (!entry.getKey().equals(LastApplied.ANNOTATION)) {
        pairs.add(entry.getKey() + "=" + entry.getValue().asText());
      }
    });
    return pairs.isEmpty() ? NONE : String.join(", ", pairs);
  }

  private static void putIfPresent(Map<String, String> fields, String key, JsonNode value) {
    if (!value.isMissingNode() && !value.isNull()) {
      fields.put(key, value.asText());
    }
  }

  private static String text(JsonNode value) {
    return value.isMissingNode() || value.isNull() || value.asText().isEmpty()
        ? NONE : value.asText();
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
