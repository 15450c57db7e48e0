package dev.kanary.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Properties of sticky keys, over seeded random keys and splits. */
class WeightedRendezvousTest {
  private static final List<String> TWO = List.of("svc-00001", "svc-00002");
  private static final int KEYS = 20_000;

  @Test
  void theSameKeyAlwaysGoesToTheSameRevision() {
    List<String> keys = keys(new Random(1), 1_000);
    long[] weights = {90, 10};
    for (String key : keys) {
      int first = WeightedRendezvous.pick(key, TWO, weights);
      for (int i = 0; i < 3; i++) {
        assertThat(WeightedRendezvous.pick(key, TWO, weights)).isEqualTo(first);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"90, 10", "50, 50", "1, 99", "33, 67"})
  void eachRevisionGetsItsShareOfTheKeys(long a, long b) {
    int[] counts = new int[2];
    keys(new Random(a * 100 + b), KEYS)
        .forEach(key -> counts[WeightedRendezvous.pick(key, TWO, new long[] {a, b})]++);
    assertThat(counts[0] / (double) KEYS).isCloseTo(a / 100.0, within(0.015));
  }

  /**
   * A canary moving from {@code before} to {@code after} moves only the keys that must move: all
   * from the revision that lost weight to the one that gained it, and |Δ| of them.
   */
  @ParameterizedTest
  @CsvSource({"90, 50", "90, 99", "10, 0", "50, 100", "99, 1", "75, 70"})
  void aChangedSplitMovesOnlyTheKeysThatMust(long before, long after) {
    List<String> keys = keys(new Random(before * 1000 + after), KEYS);
    int moved = 0;
    for (String key : keys) {
      int was = pickTwo(key, before);
      int now = pickTwo(key, after);
      if (was != now) {
        moved++;
        assertThat(now).as("a key moves to the revision that gained weight")
            .isEqualTo(after > before ? 0 : 1);
      }
    }
    assertThat(moved / (double) KEYS).isCloseTo(Math.abs(after - before) / 100.0, within(0.015));
  }

  /**
   * With more than two revisions a key moves only to a revision whose weight grew by a larger
   * factor than its own revision's did. That is not always the minimum (a key can leave a
   * revision that grew less than another), which is what weighted rendezvous hashing gives.
   */
  @Test
  void withManyRevisionsAKeyMovesOnlyToARevisionThatGrewMoreThanItsOwn() {
    Random random = new Random(42);
    List<String> names = List.of("r1", "r2", "r3", "r4", "r5");
    for (int trial = 0; trial < 40; trial++) {
      long[] before = SmoothWeightedRoundRobinTest.randomPercents(random, names.size());
      long[] after = SmoothWeightedRoundRobinTest.randomPercents(random, names.size());
      for (String key : keys(random, 500)) {
        int was = WeightedRendezvous.pick(key, names, before);
        int now = WeightedRendezvous.pick(key, names, after);
        if (was != now) {
          assertThat(after[now] * before[was]).isGreaterThan(after[was] * before[now]);
        }
      }
    }
  }

  @Test
  void aNewRevisionTakesKeysFromOthersAndARemovedOneGivesOnlyItsOwn() {
    List<String> keys = keys(new Random(7), KEYS);
    List<String> three = List.of("svc-00001", "svc-00002", "svc-00003");
    for (String key : keys) {
      int before = WeightedRendezvous.pick(key, TWO, new long[] {50, 50});
      int after = WeightedRendezvous.pick(key, three, new long[] {50, 50, 20});
      assertThat(after).isIn(before, 2);
      int removed = WeightedRendezvous.pick(key, TWO, new long[] {50, 50});
      if (after != 2) {
        assertThat(removed).isEqualTo(after);
      }
    }
  }

  @Test
  void namesAndWeightsMustMatch() {
    assertThatThrownBy(() -> WeightedRendezvous.pick("k", TWO, new long[] {100}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one positive weight per name");
  }

  private static int pickTwo(String key, long firstPercent) {
    if (firstPercent == 0) {
      return 1;
    }
    if (firstPercent == 100) {
      return 0;
    }
    return WeightedRendezvous.pick(key, TWO, new long[] {firstPercent, 100 - firstPercent});
  }

  private static List<String> keys(Random random, int count) {
    List<String> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add("user-" + Long.toHexString(random.nextLong()));
    }
    return keys;
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }
}
