package dev.kanary.core.traffic.edit;

import dev.kanary.core.knative.TrafficTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A working copy of {@code spec.traffic} while the flags are applied. Every lookup takes the
 * first matching entry, as kn's do, which matters once a revision has several entries.
 */
final class TrafficBlock {

  private final List<TrafficTarget> targets;

  TrafficBlock(List<TrafficTarget> targets) {
    this.targets = new ArrayList<>(targets);
  }

  /** Clears the tag from the first entry carrying it; false when no entry does. */
  boolean untag(String tag) {
    int index = indexOf(taggedWith(tag));
    if (index < 0) {
      return false;
    }
    targets.set(index, targets.get(index).withTag(null));
    return true;
  }

  boolean hasTag(String tag) {
    return indexOf(taggedWith(tag)) >= 0;
  }

  boolean hasTagOnRevision(String tag, String revisionName) {
    return indexOf(taggedWith(tag).and(named(revisionName))) >= 0;
  }

  /** The first {@code @latest} entry's tag; empty when it is untagged or there is none. */
  String latestTag() {
    int index = indexOf(Targets::isLatest);
    return index < 0 ? "" : Targets.tag(targets.get(index));
  }

  /** Tags the first {@code @latest} entry, or adds one at 0%. */
  void tagLatest(String tag) {
    int index = indexOf(Targets::isLatest);
    if (index < 0) {
      targets.add(Targets.latest(tag, 0));
    } else {
      targets.set(index, targets.get(index).withTag(tag));
    }
  }

  /**
   * Tags the revision's first entry when that is untagged. A revision whose first entry is
   * tagged already, or which has no entry, gets a new 0% entry: that is how a revision comes to
   * carry several tags.
   */
  void tagRevision(String tag, String revisionName) {
    int index = indexOf(named(revisionName));
    if (index >= 0 && Targets.tag(targets.get(index)).isEmpty()) {
      targets.set(index, targets.get(index).withTag(tag));
    } else {
      targets.add(Targets.pinned(tag, revisionName, 0));
    }
  }

  void resetPercents() {
    targets.replaceAll(target -> target.withPercent(0L));
  }

  /** Gives the percent to the first {@code @latest} entry; false when there is none. */
  boolean setLatestPercent(long percent) {
    return setPercent(Targets::isLatest, percent);
  }

  /** Gives the percent to the entry carrying the tag; false when none does. */
  boolean setTagPercent(String tag, long percent) {
    return setPercent(taggedWith(tag), percent);
  }

  /** Gives the percent to the revision's first entry; false when it has none. */
  boolean setRevisionPercent(String revisionName, long percent) {
    return setPercent(named(revisionName), percent);
  }

  void add(TrafficTarget target) {
    targets.add(target);
  }

  /** The block without untagged 0% entries, which would only clutter it. */
  List<TrafficTarget> withoutNullTargets() {
    return targets.stream()
        .filter(target -> !Targets.tag(target).isEmpty() || target.percentOrZero() != 0)
        .toList();
  }

  private boolean setPercent(Predicate<TrafficTarget> which, long percent) {
    int index = indexOf(which);
    if (index < 0) {
      return false;
    }
    targets.set(index, targets.get(index).withPercent(percent));
    return true;
  }

  private int indexOf(Predicate<TrafficTarget> which) {
    for (int i = 0; i < targets.size(); i++) {
      if (which.test(targets.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static Predicate<TrafficTarget> taggedWith(String tag) {
    return target -> Targets.tag(target).equals(tag);
  }

  private static Predicate<TrafficTarget> named(String revisionName) {
    return target -> Targets.revisionName(target).equals(revisionName);
  }
}
