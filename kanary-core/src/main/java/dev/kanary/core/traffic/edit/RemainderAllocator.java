package dev.kanary.core.traffic.edit;

import dev.kanary.core.knative.TrafficTarget;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The second half of kn's {@code verifyInput}: when the {@code --traffic} percents add up to less
 * than 100, find the one revision the user left out and give it the rest, as one more {@code
 * --traffic} value.
 *
 * <p>The count of entries in {@code status.traffic} (not spec) decides how many values must be
 * given: all but one, or all of them when the update creates a new revision, whose {@code @latest}
 * then takes the rest unless it was named.
 */
final class RemainderAllocator {

  private RemainderAllocator() {}

  static ParsedTrafficFlags allocate(ParsedTrafficFlags flags, TrafficEditRequest request) {
    int sum = flags.percentSum();
    if (sum == 100) {
      return flags;
    }
    if (sum > 100) {
      throw TrafficEditException.sumAbove100(sum);
    }
    int given = flags.shares().size();
    if (given == 0) {
      return flags;
    }
    int existing = request.statusTraffic().size();
    if (given < existing - 1) {
      throw TrafficEditException.wrongShareCount(sum);
    }
    Set<String> referenced = new HashSet<>();
    flags.shares().forEach(share -> referenced.add(share.ref()));
    boolean latestNamed = referenced.contains(TrafficFlags.LATEST);
    if (request.mutation()) {
      if (given != existing) {
        throw TrafficEditException.wrongShareCount(sum);
      }
      if (!latestNamed) {
        return flags.withShare(new TrafficShare(TrafficFlags.LATEST, 100 - sum));
      }
    } else {
      if (given != existing - 1) {
        throw TrafficEditException.wrongShareCount(sum);
      }
      if (latestNamed) {
        // kn adds the name even when it is unknown (""), which then matches every revision
        // lacking the tags annotation.
        referenced.add(Targets.orEmpty(request.latestReadyRevisionName()));
      }
    }
    for (TrafficTarget target : request.statusTraffic()) {
      Optional<ServiceRevision> revision = find(request, Targets.orEmpty(target.revisionName()));
      if (revision.isEmpty()) {
        break;
      }
      if (!isReferenced(revision.get(), referenced)) {
        return flags.withShare(new TrafficShare(revision.get().name(), 100 - sum));
      }
    }
    throw TrafficEditException.missingRevisionUnknown(sum);
  }

  private static Optional<ServiceRevision> find(TrafficEditRequest request, String name) {
    return request.revisions().stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /**
   * Referenced by name, or by the whole tags annotation taken as one reference: kn looks the
   * annotation's value up as is, so a revision annotated with two tags is never matched by tag.
   */
  private static boolean isReferenced(ServiceRevision revision, Set<String> referenced) {
    return referenced.contains(revision.name())
        || referenced.contains(Targets.orEmpty(revision.tagsAnnotation()));
  }
}
