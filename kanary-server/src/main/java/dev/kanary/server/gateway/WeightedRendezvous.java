package dev.kanary.server.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Weighted rendezvous hashing: a key goes to the name with the highest score
 * {@code -weight / ln(u)}, where {@code u} in (0, 1) is a hash of the name and the key. Each name
 * gets its weight's share of the keys, the same key always lands on the same name for the same
 * weights, and when weights change a key moves only to a name whose weight grew: with two names,
 * exactly the keys that must move do.
 */
public final class WeightedRendezvous {
  private WeightedRendezvous() {}

  /**
   * @param names distinct names, the same order as {@code weights}
   * @param weights positive weights
   * @return the index of the name the key goes to
   */
  public static int pick(String key, List<String> names, long[] weights) {
    if (names.isEmpty() || names.size() != weights.length) {
      throw new IllegalArgumentException("one positive weight per name is needed; got names "
          + names + " and " + weights.length + " weights");
    }
    long keyHash = hash(key, 0x9E3779B97F4A7C15L);
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < weights.length; i++) {
      double score = score(mix(keyHash ^ hash(names.get(i), 0xC2B2AE3D27D4EB4FL)), weights[i]);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    return best;
  }

  private static double score(long hash, long weight) {
    // 53 random bits to a double strictly inside (0, 1), so that the logarithm is finite.
    double u = ((hash >>> 11) + 0.5) / (1L << 53);
    return -weight / Math.log(u);
  }

  /** FNV-1a over the UTF-8 bytes, then a finalizer so that close strings hash far apart. */
  private static long hash(String s, long seed) {
    long h = 0xCBF29CE484222325L ^ seed;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001B3L;
    }
    return mix(h);
  }

  /** SplitMix64's finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
