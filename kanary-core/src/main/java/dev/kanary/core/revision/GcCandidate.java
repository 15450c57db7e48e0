package dev.kanary.core.revision;

import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.ServingLabels;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * What garbage collection needs to know of one revision of a configuration.
 *
 * @param createdAt the revision's creation time
 * @param routingStateModified when its routing state last changed, or null when unknown
 * @param noGc whether the user pinned it with {@code serving.knative.dev/no-gc: "true"}
 * @param latestReady whether it is its configuration's latest ready revision
 */
public record GcCandidate(
    String name,
    Instant createdAt,
    Instant routingStateModified,
    RoutingState routingState,
    boolean noGc,
    boolean latestReady) {

  public GcCandidate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(routingState, "routingState");
  }

  /**
   * Reads a revision's labels and annotations. A missing creation time reads as the epoch and an
   * unparsable routingStateModified as unknown, as Knative reads Go's zero time.
   */
  public static GcCandidate of(Revision revision, String latestReadyRevisionName) {
    var metadata = revision.metadata();
    Instant created = metadata.creationTimestamp() == null
        ? Instant.EPOCH
        : metadata.creationTimestamp();
    return new GcCandidate(
        metadata.name(),
        created,
        parseTime(metadata.annotation(ServingLabels.ROUTING_STATE_MODIFIED)),
        RoutingState.fromLabel(metadata.label(ServingLabels.ROUTING_STATE)),
        "true".equalsIgnoreCase(metadata.annotation(ServingLabels.NO_GC)),
        metadata.name().equals(latestReadyRevisionName));
  }

  /** The time it was last routed, or stopped being routed; its creation time if never. */
  public Instant lastActive() {
    return routingStateModified != null ? routingStateModified : createdAt;
  }

  private static Instant parseTime(String rfc3339) {
    if (rfc3339 == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
