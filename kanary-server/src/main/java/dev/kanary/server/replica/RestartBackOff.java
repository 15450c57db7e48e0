package dev.kanary.server.replica;

import java.time.Duration;

/**
 * The wait before restarting a crashed replica, as the kubelet's: {@code initial} after the first
 * crash, doubled after each further one, never more than {@code max}.
 */
public record RestartBackOff(Duration initial, Duration max) {
  public RestartBackOff {
    if (initial == null || initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("back-off initial must be positive; got " + initial);
    }
    if (max == null || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "back-off max must be at least initial (" + initial + "); got " + max);
    }
  }

  /** The delay after crash number {@code consecutiveCrashes} (1 for the first) of a series. */
  public Duration delay(int consecutiveCrashes) {
    if (consecutiveCrashes < 1) {
      throw new IllegalArgumentException(
          "consecutiveCrashes counts from 1; got " + consecutiveCrashes);
    }
    Duration delay = initial;
    for (int i = 1; i < consecutiveCrashes && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) < 0 ? delay : max;
  }
}
