package dev.kanary.server.gateway;

import java.util.function.IntUnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Least outstanding requests by the power of two choices: of two replicas drawn at random, the
 * one with fewer requests in flight. It spreads load nearly as well as asking every replica, at
 * the cost of two looks, and never herds every request onto the one replica that just emptied.
 */
final class LeastOutstanding {
  private LeastOutstanding() {}

  /**
   * @param count how many replicas there are, at least one
   * @param outstanding requests in flight at replica {@code i}
   * @return the index of the replica to use
   */
  static int choose(int count, IntUnaryOperator outstanding, RandomGenerator random) {
    if (count == 1) {
      return 0;
    }
    int a = random.nextInt(count);
    int b = random.nextInt(count - 1);
    if (b >= a) {
      b++;
    }
    return outstanding.applyAsInt(b) < outstanding.applyAsInt(a) ? b : a;
  }
}
