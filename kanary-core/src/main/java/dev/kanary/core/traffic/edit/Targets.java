package dev.kanary.core.traffic.edit;

import dev.kanary.core.knative.TrafficTarget;

/**
 * Reads a {@link TrafficTarget} the way kn's Go code sees one after Knative's defaulting, where
 * absent strings are empty and absent pointers have their defaults.
 */
final class Targets {

  private Targets() {}

  static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  static String tag(TrafficTarget target) {
    return orEmpty(target.tag());
  }

  static String revisionName(TrafficTarget target) {
    return orEmpty(target.revisionName());
  }

  /** Knative defaults an absent latestRevision to "no revisionName". */
  static boolean isLatest(TrafficTarget target) {
    return target.latestRevision() == null
        ? !target.hasRevisionName()
        : target.latestRevision();
  }

  /** {@code {tag, latestRevision: true, percent}}, untagged when the tag is empty. */
  static TrafficTarget latest(String tag, long percent) {
    return TrafficTarget.latest(percent).withTag(orNull(tag));
  }

  /** {@code {tag, revisionName, latestRevision: false, percent}}, untagged when tag is empty. */
  static TrafficTarget pinned(String tag, String revisionName, long percent) {
    return TrafficTarget.revision(revisionName, percent).withTag(orNull(tag));
  }

  private static String orNull(String tag) {
    return tag.isEmpty() ? null : tag;
  }
}
