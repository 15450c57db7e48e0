package dev.kanary.server.revision;

import dev.kanary.core.condition.ConditionSet;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionStatus;

/**
 * A revision's conditions: Ready = ResourcesAvailable ∧ ContainerHealthy, as Knative. Active
 * (replicas up and serving) stands apart, so a revision scaled down stays Ready; routing reads
 * Active to decide whether traffic may move onto it now.
 */
public final class RevisionConditions {
  public static final String ACTIVE = "Active";

  public static final ConditionSet SET =
      ConditionSet.living(RevisionStatus.RESOURCES_AVAILABLE, RevisionStatus.CONTAINER_HEALTHY);

  private RevisionConditions() {}

  /** Ready, and with replicas serving now. */
  public static boolean isServing(Revision revision) {
    return revision.isReady()
        && revision.status().condition(ACTIVE).map(c -> c.isTrue()).orElse(false);
  }
}
