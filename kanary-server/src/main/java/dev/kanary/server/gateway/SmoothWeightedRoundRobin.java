package dev.kanary.server.gateway;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic weighted round-robin whose every prefix is exact: after any number of picks
 * {@code n}, each index {@code i} was picked within less than one of {@code n * w[i] / sum(w)}
 * times, for any weights and any number of them.
 *
 * <p>nginx's smooth weighted round-robin (always pick the index with the largest accumulated
 * deficit) is close but not exact: with weights 14/5/34/3/1/43 one index drifts 1.04 away from its
 * share. Picking instead, among the indexes still below their share, the one whose next pick is
 * due first (earliest deadline first, as in Tijdeman's answer to the chairman assignment problem)
 * keeps every index strictly within one pick of its share.
 *
 * <p>The sequence repeats every {@code sum(w)} picks, so one period is computed up front and
 * {@link #next()} only walks it: picking is a single atomic increment, safe from any thread.
 */
public final class SmoothWeightedRoundRobin {
  private final int[] period;
  private final AtomicLong position = new AtomicLong();

  /** @param weights positive integers, at most 10,000 in total (percentages sum to 100) */
  public SmoothWeightedRoundRobin(long[] weights) {
    this.period = sequence(weights);
  }

  /** The index of the next pick. */
  public int next() {
    return period[(int) Long.remainderUnsigned(position.getAndIncrement(), period.length)];
  }

  /** One period of the sequence: index {@code i} appears exactly {@code weights[i]} times. */
  public static int[] sequence(long[] weights) {
    long total = validate(weights);
    int[] picks = new int[(int) total];
    long[] counts = new long[weights.length];
    for (int n = 1; n <= total; n++) {
      int best = -1;
      for (int i = 0; i < weights.length; i++) {
        // Below its share after n picks (counts[i] < n * w / total), i.e. its next pick is due.
        if (counts[i] * total < n * weights[i]
            && (best < 0 || dueBefore(counts[i], weights[i], counts[best], weights[best]))) {
          best = i;
        }
      }
      picks[n - 1] = best;
      counts[best]++;
    }
    return picks;
  }

  /** Whether pick {@code a + 1} of weight {@code wa} is due before pick {@code b + 1} of {@code wb}. */
  private static boolean dueBefore(long a, long wa, long b, long wb) {
    return (a + 1) * wb < (b + 1) * wa;
  }

  private static long validate(long[] weights) {
    if (weights.length == 0) {
      throw new IllegalArgumentException("a weighted round-robin needs at least one weight");
    }
    long total = 0;
    for (long weight : weights) {
      if (weight <= 0) {
        throw new IllegalArgumentException(
            "weights must be positive; got " + Arrays.toString(weights));
      }
      total += weight;
    }
    if (total > 10_000) {
      throw new IllegalArgumentException(
          "weights must sum to at most 10000; got " + total + " from " + Arrays.toString(weights));
    }
    return total;
  }
}
