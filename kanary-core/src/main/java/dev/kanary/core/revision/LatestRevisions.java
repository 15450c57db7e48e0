package dev.kanary.core.revision;

import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.ServingLabels;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Knative's configuration rule for {@code latestReadyRevisionName}: the newest ready revision
 * whose generation lies between the current latest-ready one's and the configuration's, so the
 * name only moves forward: a newer revision that fails, or an older one that turns ready late,
 * never takes it back.
 */
public final class LatestRevisions {
  private LatestRevisions() {}

  /**
   * @param currentLatestReady the name now in status, or null
   * @param revisions the configuration's revisions, each labelled with its generation
   * @return the new latest-ready name; the current one while nothing newer is ready, even if it
   *     is no longer ready itself; empty when there is none or it was deleted
   */
  public static Optional<String> latestReady(String currentLatestReady, List<Revision> revisions) {
    long floor = revisions.stream()
        .filter(r -> r.metadata().name().equals(currentLatestReady))
        .mapToLong(LatestRevisions::generation)
        .findFirst()
        .orElse(0);
    return revisions.stream()
        .filter(r -> generation(r) >= floor)
        .filter(Revision::isReady)
        .max(Comparator.comparingLong(LatestRevisions::generation))
        .map(r -> r.metadata().name())
        .or(() -> revisions.stream()
            .map(r -> r.metadata().name())
            .filter(name -> name.equals(currentLatestReady))
            .findFirst());
  }

  /** The configuration generation a revision was created at; 0 when it is not labelled. */
  public static long generation(Revision revision) {
    String value = revision.metadata().label(ServingLabels.CONFIGURATION_GENERATION);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
