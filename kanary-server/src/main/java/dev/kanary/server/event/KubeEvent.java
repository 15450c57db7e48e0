package dev.kanary.server.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import java.time.Instant;

/**
 * One Kubernetes Event (core/v1), aggregated as the API server's clients do: the same thing
 * happening again to the same object raises {@code count} and moves {@code lastTimestamp}.
 *
 * @param type {@link #NORMAL} or {@link #WARNING}
 * @param reason a CamelCase word for machines
 * @param source the component that saw it, e.g. {@code revision-controller}
 */
public record KubeEvent(
    String name,
    InvolvedObject involvedObject,
    String type,
    String reason,
    String message,
    String source,
    int count,
    Instant firstTimestamp,
    Instant lastTimestamp) {

  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  KubeEvent again(Instant now) {
    return new KubeEvent(name, involvedObject, type, reason, message, source, count + 1,
        firstTimestamp, now);
  }

  /** The Event document the API serves. */
  public ObjectNode toJson() {
    ObjectNode event = Json.json().createObjectNode();
    event.put("apiVersion", "v1");
    event.put("kind", "Event");
    ObjectNode meta = event.putObject("metadata");
    meta.put("name", name);
    if (involvedObject.namespace() != null) {
      meta.put("namespace", involvedObject.namespace());
    }
    meta.put("creationTimestamp", firstTimestamp.toString());
    event.set("involvedObject", involvedObject.toJson());
    event.put("reason", reason);
    event.put("message", message);
    event.putObject("source").put("component", source);
    event.put("firstTimestamp", firstTimestamp.toString());
    event.put("lastTimestamp", lastTimestamp.toString());
    event.put("count", count);
    event.put("type", type);
    return event;
  }
}
