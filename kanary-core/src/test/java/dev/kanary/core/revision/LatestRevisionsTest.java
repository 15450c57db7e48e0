package dev.kanary.core.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionStatus;
import dev.kanary.core.knative.ServingLabels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Knative's latest-ready rule (reference/knative.md §3): newest ready, never backwards. */
class LatestRevisionsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        argumentSet("nothing created", null, List.of(), null),
        argumentSet("first revision still starting", null,
            List.of(rev(1, ConditionStatus.UNKNOWN)), null),
        argumentSet("first revision ready", null, List.of(rev(1, ConditionStatus.TRUE)), "svc-00001"),
        argumentSet("first revision failed", null, List.of(rev(1, ConditionStatus.FALSE)), null),
        argumentSet("canary starting keeps the stable one", "svc-00001",
            List.of(rev(1, ConditionStatus.TRUE), rev(2, ConditionStatus.UNKNOWN)), "svc-00001"),
        argumentSet("canary ready moves forward", "svc-00001",
            List.of(rev(1, ConditionStatus.TRUE), rev(2, ConditionStatus.TRUE)), "svc-00002"),
        argumentSet("failed canary keeps the stable one", "svc-00001",
            List.of(rev(1, ConditionStatus.TRUE), rev(2, ConditionStatus.FALSE)), "svc-00001"),
        argumentSet("skips a failed middle revision", "svc-00001",
            List.of(rev(1, ConditionStatus.TRUE), rev(2, ConditionStatus.FALSE),
                rev(3, ConditionStatus.TRUE)), "svc-00003"),
        argumentSet("an older revision turning ready does not take it back", "svc-00003",
            List.of(rev(1, ConditionStatus.TRUE), rev(2, ConditionStatus.TRUE),
                rev(3, ConditionStatus.TRUE)), "svc-00003"),
        argumentSet("older ready revision below the floor is ignored", "svc-00002",
            List.of(rev(1, ConditionStatus.TRUE), rev(2, ConditionStatus.FALSE)), "svc-00002"),
        argumentSet("deleted latest-ready searches from the start", "svc-00002",
            List.of(rev(1, ConditionStatus.TRUE), rev(3, ConditionStatus.UNKNOWN)), "svc-00001"),
        argumentSet("deleted latest-ready and nothing ready", "svc-00002",
            List.of(rev(3, ConditionStatus.UNKNOWN)), null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void latestReady(String current, List<Revision> revisions, String expected) {
    assertThat(LatestRevisions.latestReady(current, revisions)).isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void readyForAnOlderSpecDoesNotCount() {
    Revision stale = rev(1, ConditionStatus.TRUE);
    Revision staleStatus = stale.withStatus(new RevisionStatus(
        0L, stale.status().conditions(), null, null, null));
    assertThat(LatestRevisions.latestReady(null, List.of(staleStatus))).isEmpty();
  }

  @Test
  void neverMovesBackwardsOverRandomHistories() {
    Random random = new Random(42);
    for (int run = 0; run < 500; run++) {
      String current = null;
      long currentGeneration = 0;
      int count = 1 + random.nextInt(8);
      ConditionStatus[] states = new ConditionStatus[count];
      for (int step = 0; step < 40; step++) {
        int changed = random.nextInt(count);
        states[changed] = ConditionStatus.values()[random.nextInt(3)];
        List<Revision> revisions = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
          revisions.add(rev(i + 1, states[i] == null ? ConditionStatus.UNKNOWN : states[i]));
        }
        Optional<String> next = LatestRevisions.latestReady(current, revisions);
        if (current != null) {
          assertThat(next).isPresent();
          long nextGeneration = Long.parseLong(next.get().substring(4));
          assertThat(nextGeneration).isGreaterThanOrEqualTo(currentGeneration);
        }
        if (next.isPresent()) {
          current = next.get();
          currentGeneration = Long.parseLong(current.substring(4));
        }
      }
    }
  }

  private static Revision rev(long generation, ConditionStatus ready) {
    String name = RevisionNames.forGeneration("svc", generation);
    ObjectMeta meta = ObjectMeta.of("ns", name)
        .withLabels(Map.of(ServingLabels.CONFIGURATION_GENERATION, String.valueOf(generation)))
        .withSystemFields("uid-" + generation, 1L, "1", null);
    RevisionStatus status = new RevisionStatus(1L,
        List.of(Condition.of(RevisionStatus.READY, ready, null, null)), null, null, null);
    return new Revision(Revision.API_VERSION, Revision.KIND, meta, null, status, null);
  }
}
