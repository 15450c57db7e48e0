package dev.kanary.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * kubectl's pod table: NAME READY STATUS RESTARTS AGE; {@code -o wide} adds where the replica
 * listens (IP, PORT) and its process (PID).
 */
public final class PodTable implements TableFormat {

  @Override
  public List<String> headers(boolean wide) {
    List<String> headers = new ArrayList<>(List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE"));
    if (wide) {
      headers.addAll(List.of("IP", "PORT", "PID"));
    }
    return headers;
  }

  @Override
  public List<String> row(JsonNode pod, Instant now, boolean wide) {
    JsonNode containers = pod.at("/status/containerStatuses");
    int ready = 0;
    long restarts = 0;
    for (JsonNode container : containers) {
      ready += container.path("ready").asBoolean() ? 1 : 0;
      restarts += container.path("restartCount").asLong();
    }
    List<String> row = new ArrayList<>(List.of(
        pod.at("/metadata/name").asText(),
        ready + "/" + pod.at("/spec/containers").size(),
        status(pod),
        Long.toString(restarts),
        PrinterColumn.age(pod.at("/metadata/creationTimestamp"), now)));
    if (wide) {
      JsonNode annotations = pod.at("/metadata/annotations");
      row.add(pod.at("/status/podIP").asText(""));
      row.add(annotations.path("serving.kanary.io/port").asText(""));
      row.add(annotations.path("serving.kanary.io/pid").asText(""));
    }
    return row;
  }

  /** kubectl's STATUS: the phase, unless a container waits for a reason, or it is going away. */
  static String status(JsonNode pod) {
    if (!pod.at("/metadata/deletionTimestamp").isMissingNode()) {
      return "Terminating";
    }
    String status = pod.at("/status/reason").asText(pod.at("/status/phase").asText(""));
    for (JsonNode container : pod.at("/status/containerStatuses")) {
      String waiting = container.at("/state/waiting/reason").asText("");
      if (!waiting.isEmpty()) {
        status = waiting;
      }
    }
    return status;
  }
}
