package dev.kanary.core.traffic.edit;

import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.knative.TrafficTarget;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link TrafficEditor#compute} reads.
 *
 * @param serviceName the Service's name, quoted in the untag error
 * @param specTraffic the current {@code spec.traffic}, which the flags edit
 * @param statusTraffic the current {@code status.traffic}: its length and order drive remainder
 *     inference
 * @param revisions the Service's revisions, in the order kn lists them
 * @param latestReadyRevisionName {@code status.latestReadyRevisionName}, or null
 * @param flags the raw traffic flags
 * @param mutation whether the same update also changes the template, so that a new revision
 *     will become {@code @latest}
 */
public record TrafficEditRequest(
    String serviceName,
    List<TrafficTarget> specTraffic,
    List<TrafficTarget> statusTraffic,
    List<ServiceRevision> revisions,
    String latestReadyRevisionName,
    TrafficFlags flags,
    boolean mutation) {

  public TrafficEditRequest {
    Objects.requireNonNull(serviceName, "serviceName");
    specTraffic = specTraffic == null ? List.of() : List.copyOf(specTraffic);
    statusTraffic = statusTraffic == null ? List.of() : List.copyOf(statusTraffic);
    revisions = revisions == null ? List.of() : List.copyOf(revisions);
    flags = flags == null ? TrafficFlags.none() : flags;
  }

  /** The request {@code kn service update} makes for a Service and its listed revisions. */
  public static TrafficEditRequest of(
      Service service, List<Revision> revisions, TrafficFlags flags, boolean mutation) {
    ServiceStatus status = service.status();
    return new TrafficEditRequest(
        service.metadata().name(),
        service.spec().traffic(),
        status == null ? List.of() : status.traffic(),
        revisions.stream().map(ServiceRevision::of).toList(),
        status == null ? null : status.latestReadyRevisionName(),
        flags,
        mutation);
  }
}
