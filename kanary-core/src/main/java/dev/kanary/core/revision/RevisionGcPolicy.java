package dev.kanary.core.revision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which revisions of one configuration to delete, as Knative's revision GC decides
 * ({@code pkg/reconciler/gc/gc.go}):
 *
 * <ol>
 *   <li>Never a non-reserve revision (routed, pending, unlabelled), the latest ready revision, or
 *       one marked no-gc. The rest are the non-active revisions.
 *   <li>Nothing while the configuration has at most {@code min} revisions, or at most {@code min}
 *       non-active ones.
 *   <li>Oldest last-active first, delete stale ones (older than retain-since-create <em>and</em>
 *       inactive longer than retain-since-last-active) until only {@code min} remain.
 *   <li>Then, above {@code max} non-active revisions, delete the oldest of the rest.
 * </ol>
 */
public final class RevisionGcPolicy {
  private RevisionGcPolicy() {}

  /** The names to delete, in the order Knative deletes them. */
  public static List<String> collect(GcConfig config, List<GcCandidate> revisions, Instant now) {
    long min = config.minNonActiveRevisions();
    if (config.disabled() || revisions.size() <= min) {
      return List.of();
    }
    // Ties broken by name so the choice does not depend on listing order.
    List<GcCandidate> nonActive = revisions.stream()
        .filter(revision -> !isActive(revision))
        .sorted(Comparator.comparing(GcCandidate::lastActive).thenComparing(GcCandidate::name))
        .toList();
    if (nonActive.size() <= min) {
      return List.of();
    }

    long deletable = nonActive.size() - min;
    List<String> deletions = new ArrayList<>();
    List<GcCandidate> kept = new ArrayList<>();
    for (GcCandidate revision : nonActive) {
      if (!isStale(config, revision, now)) {
        kept.add(revision);
        continue;
      }
      deletions.add(revision.name());
      if (deletions.size() >= deletable) {
        return deletions;
      }
    }

    if (config.maxNonActiveRevisions().isPresent()) {
      long excess = kept.size() - config.maxNonActiveRevisions().getAsLong();
      kept.stream().limit(Math.max(0, excess)).forEach(revision -> deletions.add(revision.name()));
    }
    return deletions;
  }

  /** Kept whatever its age: anything Knative's labeler has not explicitly moved to reserve. */
  static boolean isActive(GcCandidate revision) {
    return revision.latestReady() || revision.noGc()
        || revision.routingState() != RoutingState.RESERVE;
  }

  /** Stale: past every enabled time limit. With both limits off, nothing is stale. */
  static boolean isStale(GcConfig config, GcCandidate revision, Instant now) {
    Optional<Duration> sinceCreate = config.retainSinceCreateTime();
    Optional<Duration> sinceActive = config.retainSinceLastActiveTime();
    if (sinceCreate.isEmpty() && sinceActive.isEmpty()) {
      return false;
    }
    if (sinceCreate.isPresent() && isWithin(revision.createdAt(), sinceCreate.get(), now)) {
      return false;
    }
    return sinceActive.isEmpty() || !isWithin(revision.lastActive(), sinceActive.get(), now);
  }

  private static boolean isWithin(Instant time, Duration limit, Instant now) {
    return Duration.between(time, now).compareTo(limit) < 0;
  }
}
