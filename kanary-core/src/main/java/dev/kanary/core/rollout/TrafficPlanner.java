package dev.kanary.core.rollout;

import dev.kanary.core.knative.TrafficTarget;
import java.util.List;

/**
 * KServe's Knative traffic builder: turns {@code canaryTrafficPercent} and the last rolled-out
 * revision into the component Service's {@code spec.traffic}.
 *
 * <p>The floating {@code latestRevision} target is resolved by the route to the latest
 * <em>ready</em> revision, so the plan never has to look at readiness itself.
 */
public final class TrafficPlanner {
  public static final String LATEST_TAG = "latest";
  public static final String PREV_TAG = "prev";

  private TrafficPlanner() {}

  /**
   * @param canaryPercent {@code canaryTrafficPercent}, null when absent
   * @param latestRolledout {@code status.components.<c>.latestRolledoutRevision}, "" or null when
   *     none yet; until there is one the canary percent is ignored
   * @param tagRoutingAnnotation the value of {@code serving.kserve.io/enable-tag-routing}; only the
   *     exact string "true" turns the {@code latest} tag on ({@code prev} is always tagged)
   */
  public static List<TrafficTarget> plan(
      Long canaryPercent, String latestRolledout, String tagRoutingAnnotation) {
    String latestTag = "true".equals(tagRoutingAnnotation) ? LATEST_TAG : null;
    boolean split = canaryPercent != null && latestRolledout != null && !latestRolledout.isEmpty();
    if (!split) {
      return List.of(TrafficTarget.latest(100).withTag(latestTag));
    }
    TrafficTarget canary = TrafficTarget.latest(canaryPercent).withTag(latestTag);
    if (canaryPercent >= 100) {
      return List.of(canary);
    }
    return List.of(
        canary, TrafficTarget.revision(latestRolledout, 100 - canaryPercent).withTag(PREV_TAG));
  }
}
