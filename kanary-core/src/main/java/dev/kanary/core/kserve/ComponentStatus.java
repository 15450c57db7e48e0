package dev.kanary.core.kserve;

import dev.kanary.core.k8s.Records;
import dev.kanary.core.knative.Addressable;
import dev.kanary.core.knative.TrafficTarget;
import java.util.List;

/** {@code status.components.<component>}: KServe's ComponentStatusSpec. */
public record ComponentStatus(
    String latestReadyRevision,
    String latestCreatedRevision,
    String previousRolledoutRevision,
    String latestRolledoutRevision,
    List<TrafficTarget> traffic,
    String url,
    String restUrl,
    String grpcUrl,
    Addressable address) {

  public static final ComponentStatus EMPTY =
      new ComponentStatus(null, null, null, null, null, null, null, null, null);

  public ComponentStatus {
    traffic = Records.list(traffic);
  }

  /** The rolled-out revision, "" when none: KServe's empty-string convention for these fields. */
  public String latestRolledoutOrEmpty() {
    return latestRolledoutRevision == null ? "" : latestRolledoutRevision;
  }

  public String previousRolledoutOrEmpty() {
    return previousRolledoutRevision == null ? "" : previousRolledoutRevision;
  }
}
