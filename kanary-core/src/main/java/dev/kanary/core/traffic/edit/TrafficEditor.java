package dev.kanary.core.traffic.edit;

import dev.kanary.core.knative.TrafficTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kn service update --traffic/--tag/--untag}: the new {@code spec.traffic} of a Service,
 * computed as kn's {@code traffic.Compute} does and tested against its tables.
 *
 * <p>The steps, each able to fail with kn's message: check the flags ({@link TrafficFlagParser}),
 * infer the revision that takes the remainder when the percents add up to less than 100 ({@link
 * RemainderAllocator}), then edit the block in kn's precedence: untag, tag {@code @latest}, tag
 * revisions, set percents. Untagged 0% entries are dropped last.
 *
 * <p>Where this differs from kn, deliberately:
 *
 * <ul>
 *   <li>A result whose percents do not add up to 100 is refused with the message Knative's
 *       admission webhook gives ({@code Traffic targets sum to N, want 100: spec.traffic}), where
 *       kn would send it and let the server refuse it. kn produces such a block when two {@code
 *       --traffic} references select the same entry (a tag and the name of the revision it is on,
 *       or {@code @latest} and the tag of the latest entry); through remainder inference, when
 *       the revision left out is the one a tag reference already set; and for an empty {@code
 *       --traffic ""}, which resets every percent to 0.
 *   <li>An absent {@code latestRevision} or {@code percent} reads as Knative's defaulting would
 *       have set it; kn dereferences both and would crash.
 *   <li>Flag values are split on commas only. pflag reads each occurrence as a CSV record, so it
 *       would also unquote {@code "…"} and reject a stray quote; no valid revision name, tag or
 *       percent contains one.
 *   <li>Only {@code update} is modelled: {@code kn service create --tag}, which forces {@code
 *       @latest=100}, is not.
 * </ul>
 *
 * <p>Kept as kn has it, quirks included: the {@value ServiceRevision#TAGS_ANNOTATION} annotation
 * is read from the revisions as given. {@code kn service update} passes them as stored, without
 * the tags {@code kn revision list} fills in (see knative/client#1609), so a revision referenced
 * only by its tag is not seen as referenced when inferring the remainder. {@link
 * TrafficEditRequest#of} passes them the same way; a caller wanting tag-aware inference can fill
 * in {@link ServiceRevision#tagsAnnotation()} itself.
 */
public final class TrafficEditor {

  private TrafficEditor() {}

  /**
   * The Service's new {@code spec.traffic}.
   *
   * @throws TrafficEditException when kn (or, see above, Knative's webhook) would refuse the edit
   */
  public static List<TrafficTarget> compute(TrafficEditRequest request) {
    ParsedTrafficFlags flags =
        RemainderAllocator.allocate(TrafficFlagParser.parse(request.flags()), request);
    TrafficBlock block = new TrafficBlock(request.specTraffic());
    untag(block, flags.untags(), request.serviceName());
    flags.tags().forEach(assignment -> tag(block, assignment));
    if (flags.trafficChanged()) {
      assignPercents(block, flags.shares());
    }
    List<TrafficTarget> traffic = block.withoutNullTargets();
    requireFullSplit(traffic);
    return traffic;
  }

  /** Every tag is cleared that can be, then all the missing ones are reported together. */
  private static void untag(TrafficBlock block, List<String> tags, String serviceName) {
    List<String> missing = new ArrayList<>();
    for (String tag : tags) {
      if (!block.untag(tag)) {
        missing.add(tag);
      }
    }
    if (!missing.isEmpty()) {
      throw TrafficEditException.tagsNotPresent(String.join(", ", missing), serviceName);
    }
  }

  /** Re-applying a tag where it already is passes; taking it from another entry does not. */
  private static void tag(TrafficBlock block, TagAssignment assignment) {
    String tag = assignment.tag();
    if (assignment.isLatest()) {
      String current = block.latestTag();
      if (current.equals(tag)) {
        return;
      }
      if (block.hasTag(tag)) {
        throw TrafficEditException.tagInUse(tag);
      }
      if (!current.isEmpty()) {
        throw TrafficEditException.latestAlreadyTagged(current, tag);
      }
      block.tagLatest(tag);
      return;
    }
    if (block.hasTagOnRevision(tag, assignment.revision())) {
      return;
    }
    if (block.hasTag(tag)) {
      throw TrafficEditException.tagInUse(tag);
    }
    block.tagRevision(tag, assignment.revision());
  }

  /**
   * The command line is the whole split, so every other entry drops to 0%. A reference that is
   * both a tag and a revision name means the tag: tags are unique, names need not be in a block.
   * A revision not in the block is added unchecked; the route reports it if it does not exist.
   */
  private static void assignPercents(TrafficBlock block, List<TrafficShare> shares) {
    block.resetPercents();
    for (TrafficShare share : shares) {
      long percent = share.percent();
      if (share.isLatest()) {
        if (!block.setLatestPercent(percent)) {
          block.add(Targets.latest("", percent));
        }
      } else if (!block.setTagPercent(share.ref(), percent)
          && !block.setRevisionPercent(share.ref(), percent)) {
        block.add(Targets.pinned("", share.ref(), percent));
      }
    }
  }

  private static void requireFullSplit(List<TrafficTarget> traffic) {
    long sum = traffic.stream().mapToLong(TrafficTarget::percentOrZero).sum();
    if (sum != 100) {
      throw TrafficEditException.sumNot100(sum);
    }
  }
}
