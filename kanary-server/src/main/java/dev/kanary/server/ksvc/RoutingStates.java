package dev.kanary.server.ksvc;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.core.revision.RoutingState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Knative's route labeler: the routingState label and when it last changed. */
public final class RoutingStates {
  private RoutingStates() {}

  public static Revision relabel(Revision revision, RoutingState state, Instant now) {
    ObjectMeta meta = revision.metadata();
    Map<String, String> labels = new LinkedHashMap<>(meta.labels());
    labels.put(ServingLabels.ROUTING_STATE, state.label());
    Map<String, String> annotations = new LinkedHashMap<>(meta.annotations());
    annotations.put(ServingLabels.ROUTING_STATE_MODIFIED, now.toString());
    return new Revision(revision.apiVersion(), revision.kind(),
        meta.withLabels(labels).withAnnotations(annotations), revision.spec(), revision.status(),
        revision.extra());
  }

  public static RoutingState of(Revision revision) {
    return RoutingState.fromLabel(revision.metadata().label(ServingLabels.ROUTING_STATE));
  }

  /** When the routing state last changed; the creation time when never. */
  public static Instant modifiedAt(Revision revision) {
    String value = revision.metadata().annotation(ServingLabels.ROUTING_STATE_MODIFIED);
    if (value != null) {
      try {
        return Instant.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        // Falls through to the creation time, as Knative reads an unparsable time as unset.
      }
    }
    Instant created = revision.metadata().creationTimestamp();
    return created == null ? Instant.EPOCH : created;
  }
}
