package dev.kanary.core.traffic;

import dev.kanary.core.knative.TrafficTarget;
import java.util.List;

/**
 * Knative's traffic defaulting ({@code route_defaults.go}), which runs before validation and
 * before resolution: afterwards every target says whether it floats and carries a percent.
 */
public final class TrafficDefaults {
  private TrafficDefaults() {}

  /**
   * Defaults a whole traffic block.
   *
   * @param serviceOwned true for a Service's traffic: an empty block then means "all traffic to
   *     the latest ready revision", since a Service always routes somewhere
   */
  public static List<TrafficTarget> apply(List<TrafficTarget> traffic, boolean serviceOwned) {
    if (traffic.isEmpty() && serviceOwned) {
      return List.of(TrafficTarget.latest(100));
    }
    return traffic.stream().map(TrafficDefaults::apply).toList();
  }

  /** A missing latestRevision floats exactly when no revision is pinned; a missing percent is 0. */
  public static TrafficTarget apply(TrafficTarget target) {
    TrafficTarget defaulted = target;
    if (defaulted.latestRevision() == null) {
      defaulted = defaulted.withLatestRevision(!defaulted.hasRevisionName());
    }
    if (defaulted.percent() == null) {
      defaulted = defaulted.withPercent(0L);
    }
    return defaulted;
  }
}
