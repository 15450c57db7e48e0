package dev.kanary.core.traffic.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.knative.TrafficTarget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Whatever the editor accepts is a traffic block Knative accepts. Each case has its own seed,
 * printed on failure; {@code -Dkanary.traffic.seed=N} picks another run of cases.
 */
class TrafficEditorPropertyTest {

  private static final int CASES = 20_000;
  private static final long RUN_SEED = Long.getLong("kanary.traffic.seed", 20_260_101L);

  @Test
  void everyAcceptedEditIsAValidSpecTrafficBlock() {
    Random seeds = new Random(RUN_SEED);
    int accepted = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = seeds.nextLong();
      TrafficEditRequest request = new RandomEdits(new Random(seed)).next();
      List<TrafficTarget> traffic;
      try {
        traffic = TrafficEditor.compute(request);
      } catch (TrafficEditException refused) {
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError("case seed " + seed + ": " + request, e);
      }
      accepted++;
      assertThat(violations(traffic, request))
          .as("case seed %d: %s%n  gave %s", seed, request, traffic)
          .isEmpty();
    }
    // Guards against a generator whose every case is refused, which would prove nothing.
    assertThat(accepted).as("accepted of %d cases, run seed %d", CASES, RUN_SEED)
        .isGreaterThan(CASES / 4);
  }

  /** Knative's rules for spec.traffic, plus kn's: no untagged 0% entry, every --tag applied. */
  private static List<String> violations(List<TrafficTarget> traffic, TrafficEditRequest request) {
    List<String> violations = new ArrayList<>();
    long sum = 0;
    Set<String> tags = new HashSet<>();
    for (TrafficTarget target : traffic) {
      Long percent = target.percent();
      if (percent == null || percent < 0 || percent > 100) {
        violations.add("percent out of 0..100: " + target);
      } else {
        sum += percent;
      }
      if (target.tag() != null && (target.tag().isEmpty() || !tags.add(target.tag()))) {
        violations.add("empty or repeated tag: " + target);
      }
      boolean latest =
          Boolean.TRUE.equals(target.latestRevision()) && target.revisionName() == null;
      boolean pinned = Boolean.FALSE.equals(target.latestRevision()) && target.hasRevisionName();
      if (!latest && !pinned) {
        violations.add("neither @latest nor a named revision: " + target);
      }
      if (target.tag() == null && Long.valueOf(0).equals(percent)) {
        violations.add("untagged 0% entry: " + target);
      }
    }
    if (sum != 100) {
      violations.add("percents sum to " + sum);
    }
    for (TagAssignment assignment : TrafficFlagParser.parse(request.flags()).tags()) {
      if (!tags.contains(assignment.tag())) {
        violations.add("--tag " + assignment + " not applied");
      }
    }
    return violations;
  }
}
