package dev.kanary.core.traffic.edit;

import dev.kanary.core.knative.TrafficTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random but plausible {@code kn service update} calls: a valid traffic block with the status
 * traffic and revisions to go with it, and flags drawn from the names and tags around it, with
 * percents that add up to 100, to less, or are malformed.
 */
final class RandomEdits {

  private static final List<String> TAGS =
      List.of("current", "candidate", "stable", "old", "v1", "v2");
  private static final List<String> MALFORMED = List.of("abc", "-5", "101", "50%", "", "1=2");

  private final Random random;
  private final int revisionCount;

  RandomEdits(Random random) {
    this.random = random;
    this.revisionCount = 1 + random.nextInt(5);
  }

  TrafficEditRequest next() {
    String latestReady = chance(0.95) ? name(revisionCount) : null;
    List<TrafficTarget> spec = validBlock();
    List<TrafficTarget> status = switch (random.nextInt(3)) {
      case 0 -> spec;
      case 1 -> resolved(spec, latestReady);
      default -> validBlock();
    };
    return new TrafficEditRequest("svc", spec, status, revisions(spec), latestReady,
        flags(spec, status.size()), random.nextBoolean());
  }

  /** Percents summing to 100 over 1..4 entries with unique tags, latest or pinned. */
  private List<TrafficTarget> validBlock() {
    int size = 1 + random.nextInt(4);
    int[] percents = split(100, size);
    List<String> tags = shuffled(TAGS);
    List<TrafficTarget> block = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      TrafficTarget target = chance(0.3)
          ? TrafficTarget.latest(percents[i])
          : TrafficTarget.revision(name(1 + random.nextInt(revisionCount + 1)), percents[i]);
      block.add(chance(0.5) ? target.withTag(tags.get(i)) : target);
    }
    return block;
  }

  /** The block as the route reports it: {@code @latest} resolved to a revision name. */
  private static List<TrafficTarget> resolved(List<TrafficTarget> spec, String latestReady) {
    return spec.stream()
        .map(t -> t.isLatestRevision() ? t.withRevisionName(latestReady) : t)
        .toList();
  }

  /**
   * Most of the revisions. Some carry a tags annotation: the tag the block gives them, as {@code kn
   * revision list} would fill it in, or a stale one.
   */
  private List<ServiceRevision> revisions(List<TrafficTarget> spec) {
    List<ServiceRevision> revisions = new ArrayList<>();
    for (int n = 1; n <= revisionCount; n++) {
      String name = name(n);
      String annotation = switch (random.nextInt(5)) {
        case 0 -> pick(TAGS);
        case 1 -> spec.stream()
            .filter(t -> name.equals(t.revisionName()) && t.hasTag())
            .map(TrafficTarget::tag)
            .findFirst()
            .orElse(null);
        default -> null;
      };
      if (chance(0.9)) {
        revisions.add(new ServiceRevision(name, annotation));
      }
    }
    return revisions;
  }

  private TrafficFlags flags(List<TrafficTarget> spec, int statusSize) {
    TrafficFlags flags = TrafficFlags.none();
    if (chance(0.6)) {
      flags = flags.withTraffic(occurrences(shares(statusSize)));
    }
    if (chance(0.4)) {
      flags = flags.withTag(occurrences(tags()));
    }
    if (chance(0.3)) {
      flags = flags.withUntag(occurrences(untags(spec)));
    }
    return flags;
  }

  /** As many shares as remainder inference wants about half of the time. */
  private List<String> shares(int statusSize) {
    int count = chance(0.5)
        ? Math.max(1, statusSize - random.nextInt(2))
        : 1 + random.nextInt(4);
    int total = chance(0.5) ? 100 : random.nextInt(101);
    int[] percents = split(total, count);
    List<String> refs = new ArrayList<>();
    while (refs.size() < count) {
      String ref = reference();
      if (!refs.contains(ref) || chance(0.05)) {
        refs.add(ref);
      }
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String percent = chance(0.03) ? pick(MALFORMED) : percents[i] + (chance(0.2) ? "%" : "");
      boolean bare = refs.get(i).equals(TrafficFlags.LATEST) && chance(0.3);
      values.add(bare ? percent : refs.get(i) + "=" + percent);
    }
    return values;
  }

  /** One or two tags, mostly ones the block has. */
  private List<String> untags(List<TrafficTarget> spec) {
    List<String> present =
        spec.stream().filter(TrafficTarget::hasTag).map(TrafficTarget::tag).toList();
    List<String> values = new ArrayList<>();
    int count = 1 + random.nextInt(2);
    for (int i = 0; i < count; i++) {
      values.add(present.isEmpty() || chance(0.2) ? pick(TAGS) : pick(present));
    }
    return values;
  }

  private List<String> tags() {
    List<String> values = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      String tag = pick(TAGS);
      values.add(switch (random.nextInt(10)) {
        case 0 -> tag;
        case 1, 2 -> TrafficFlags.LATEST + "=" + tag;
        default -> name(1 + random.nextInt(revisionCount + 1)) + "=" + tag;
      });
    }
    return values;
  }

  private String reference() {
    return switch (random.nextInt(3)) {
      case 0 -> TrafficFlags.LATEST;
      case 1 -> pick(TAGS);
      default -> name(1 + random.nextInt(revisionCount + 1));
    };
  }

  /** The values as one comma list or as separate flags, either way kn reads the same. */
  private String[] occurrences(List<String> values) {
    return chance(0.5)
        ? new String[] {String.join(",", values)}
        : values.toArray(String[]::new);
  }

  /** {@code total} cut into {@code parts} non-negative integers. */
  private int[] split(int total, int parts) {
    int[] cuts = new int[parts + 1];
    for (int i = 1; i < parts; i++) {
      cuts[i] = random.nextInt(total + 1);
    }
    cuts[parts] = total;
    Arrays.sort(cuts, 1, parts);
    int[] sizes = new int[parts];
    for (int i = 0; i < parts; i++) {
      sizes[i] = cuts[i + 1] - cuts[i];
    }
    return sizes;
  }

  private static String name(int n) {
    return String.format("svc-%05d", n);
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private List<String> shuffled(List<String> values) {
    List<String> copy = new ArrayList<>(values);
    Collections.shuffle(copy, random);
    return copy;
  }
}
