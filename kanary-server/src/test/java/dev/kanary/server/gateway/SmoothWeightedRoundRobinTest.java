package dev.kanary.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SmoothWeightedRoundRobinTest {

  static Object[][] splits() {
    return new Object[][] {
        {new long[] {90, 10}, new long[] {9_000, 1_000}},
        {new long[] {33, 33, 34}, new long[] {3_300, 3_300, 3_400}},
        {new long[] {100}, new long[] {10_000}},
        {new long[] {50, 50}, new long[] {5_000, 5_000}},
        {new long[] {1, 99}, new long[] {100, 9_900}},
        {new long[] {14, 5, 34, 3, 1, 43}, new long[] {1_400, 500, 3_400, 300, 100, 4_300}},
    };
  }

  @ParameterizedTest
  @MethodSource("splits")
  void tenThousandPicksAreExactAndEveryPrefixIsWithinOneOfItsShare(long[] weights,
      long[] expected) {
    SmoothWeightedRoundRobin roundRobin = new SmoothWeightedRoundRobin(weights);
    long[] counts = new long[weights.length];
    for (int n = 1; n <= 10_000; n++) {
      counts[roundRobin.next()]++;
      assertWithinOne(weights, counts, n);
    }
    assertThat(counts).containsExactly(expected);
  }

  /**
   * The property, for every weight vector: nginx's smooth weighted round-robin breaks it (by 0.04
   * for 14/5/34/3/1/43, which is in the table above); earliest deadline first does not.
   */
  @Test
  void everyPrefixIsWithinOneOfItsShareForRandomSplits() {
    Random random = new Random(20260521);
    for (int trial = 0; trial < 3_000; trial++) {
      long[] weights = randomPercents(random, 1 + random.nextInt(12));
      int[] period = SmoothWeightedRoundRobin.sequence(weights);
      long[] counts = new long[weights.length];
      for (int n = 1; n <= period.length; n++) {
        counts[period[n - 1]]++;
        assertWithinOne(weights, counts, n);
      }
      assertThat(counts).as(Arrays.toString(weights)).containsExactly(weights);
    }
  }

  @Test
  void everyTwoAndThreeWaySplitOfOneHundredIsWithinOne() {
    for (long a = 1; a < 100; a++) {
      check(new long[] {a, 100 - a});
      for (long b = 1; a + b < 100; b++) {
        check(new long[] {a, b, 100 - a - b});
      }
    }
  }

  @Test
  void theSequenceIsDeterministicAndInterleaved() {
    assertThat(SmoothWeightedRoundRobin.sequence(new long[] {90, 10}))
        .isEqualTo(SmoothWeightedRoundRobin.sequence(new long[] {90, 10}));
    int[] halves = SmoothWeightedRoundRobin.sequence(new long[] {50, 50});
    assertThat(IntStream.range(0, 10).map(i -> halves[i]).toArray())
        .containsExactly(0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
  }

  @Test
  void concurrentPickersShareOneExactStream() throws Exception {
    SmoothWeightedRoundRobin roundRobin = new SmoothWeightedRoundRobin(new long[] {33, 33, 34});
    AtomicLongArray counts = new AtomicLongArray(3);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 25_000; i++) {
          counts.incrementAndGet(roundRobin.next());
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(new long[] {counts.get(0), counts.get(1), counts.get(2)})
        .containsExactly(33_000, 33_000, 34_000);
  }

  @Test
  void weightsMustBePositive() {
    assertThatThrownBy(() -> new SmoothWeightedRoundRobin(new long[] {90, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weights must be positive; got [90, 0]");
    assertThatThrownBy(() -> new SmoothWeightedRoundRobin(new long[0]))
        .hasMessage("a weighted round-robin needs at least one weight");
  }

  private static void check(long[] weights) {
    int[] period = SmoothWeightedRoundRobin.sequence(weights);
    long[] counts = new long[weights.length];
    for (int n = 1; n <= period.length; n++) {
      counts[period[n - 1]]++;
      assertWithinOne(weights, counts, n);
    }
  }

  /** |count_i - n * w_i / W| < 1, in integers: |count_i * W - n * w_i| < W. */
  private static void assertWithinOne(long[] weights, long[] counts, long n) {
    long total = Arrays.stream(weights).sum();
    for (int i = 0; i < weights.length; i++) {
      long drift = Math.abs(counts[i] * total - n * weights[i]);
      if (drift >= total) {
        throw new AssertionError("after " + n + " picks of " + Arrays.toString(weights)
            + ", index " + i + " has " + counts[i] + ", share " + (double) n * weights[i] / total);
      }
    }
  }

  static long[] randomPercents(Random random, int parts) {
    int[] cuts = random.ints(1, 100).distinct().limit(parts - 1).sorted().toArray();
    long[] weights = new long[parts];
    int previous = 0;
    for (int i = 0; i < parts - 1; i++) {
      weights[i] = cuts[i] - previous;
      previous = cuts[i];
    }
    weights[parts - 1] = 100 - previous;
    return weights;
  }
}
