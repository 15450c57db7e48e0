package dev.kanary.server.controller;

import java.time.Duration;

/** Capped exponential back-off: {@code base * 2^(failures-1)}, never above {@code cap}. */
public record Backoff(Duration base, Duration cap) {

  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(30));

  public Backoff {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("back-off needs 0 < base <= cap, got " + base + ", " + cap);
    }
  }

  /** The delay before the retry that follows the {@code failures}-th consecutive failure. */
  public Duration delay(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - 1, 62);
    long capMillis = cap.toMillis();
    long baseMillis = base.toMillis();
    if (doublings >= Long.numberOfLeadingZeros(baseMillis) - 1) {
      return cap;
    }
    return Duration.ofMillis(Math.min(capMillis, baseMillis << doublings));
  }
}
