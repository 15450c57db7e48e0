package dev.kanary.server.revision;

import dev.kanary.core.knative.Revision;
import dev.kanary.core.revision.RoutingState;
import dev.kanary.core.rollout.KnativeServiceBuilder;
import java.time.Duration;
import java.time.Instant;

/**
 * Standalone's stand-in for Knative's autoscaler and activator: a routed (or about to be routed)
 * revision runs minScale..maxScale replicas, at least one since there is no activator to wake it;
 * one that lost its traffic keeps its replicas for a grace period (longer when it is the previous
 * rolled-out revision, so a rollback finds it warm) and then stops them.
 */
public final class RevisionScaler {
  private RevisionScaler() {}

  /**
   * @param running replicas it runs now
   * @param failed the revision missed its progress deadline: Knative scales such a one down
   * @param keepWarm how long after losing traffic it stays up; at least the grace period
   */
  public static ScaleDecision decide(
      Revision revision,
      RoutingState state,
      Instant stateModified,
      int running,
      boolean failed,
      Duration keepWarm,
      Instant now) {
    if (failed) {
      return ScaleDecision.of(0);
    }
    if (state != RoutingState.RESERVE) {
      return ScaleDecision.of(routedScale(revision));
    }
    Duration left = Duration.between(now, stateModified.plus(keepWarm));
    if (running > 0 && left.compareTo(Duration.ZERO) > 0) {
      return ScaleDecision.until(Math.min(running, routedScale(revision)), left);
    }
    return ScaleDecision.of(0);
  }

  /** minScale (default 1, and never 0: nothing would wake it) capped by maxScale when set. */
  static int routedScale(Revision revision) {
    int min = Math.max(1, annotation(revision, KnativeServiceBuilder.MIN_SCALE, 1));
    int max = annotation(revision, KnativeServiceBuilder.MAX_SCALE, 0);
    return max > 0 ? Math.min(min, max) : min;
  }

  private static int annotation(Revision revision, String key, int fallback) {
    String value = revision.metadata().annotation(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
