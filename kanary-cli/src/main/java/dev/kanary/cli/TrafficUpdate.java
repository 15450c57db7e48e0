package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.traffic.edit.TrafficEditRequest;
import dev.kanary.core.traffic.edit.TrafficEditor;
import dev.kanary.core.traffic.edit.TrafficFlags;
import java.util.Comparator;
import java.util.List;

/**
 * {@code kn service update --traffic/--tag/--untag} on a Service as the API returned it: the same
 * document with kn's new {@code spec.traffic}, its resourceVersion kept as the precondition of
 * the write. No template change goes with it, so no new revision ({@code mutation} false).
 */
final class TrafficUpdate {
  private TrafficUpdate() {}

  /**
   * @param revisions the Service's revisions; kn lists them in the API server's order, by name
   * @throws dev.kanary.core.traffic.edit.TrafficEditException with kn's message
   */
  static ObjectNode apply(JsonNode service, List<JsonNode> revisions, TrafficFlags flags) {
    Service current = Json.convert(service, Service.class);
    List<Revision> listed = revisions.stream()
        .map(revision -> Json.convert(revision, Revision.class))
        .sorted(Comparator.comparing(revision -> revision.metadata().name()))
        .toList();
    List<TrafficTarget> traffic =
        TrafficEditor.compute(TrafficEditRequest.of(current, listed, flags, false));
    ObjectNode updated = service.deepCopy();
    ((ObjectNode) updated.get("spec")).set("traffic", Json.toTree(traffic));
    return updated;
  }
}
