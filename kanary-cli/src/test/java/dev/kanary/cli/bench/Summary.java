package dev.kanary.cli.bench;

import java.util.Collection;

/**
 * Order statistics of a few samples, in milliseconds. The median of an even count is the mean of
 * the two middle samples; p90 is the nearest rank (the 9th of 10).
 */
record Summary(int count, double min, double median, double p90, double max) {
  static Summary of(Collection<Double> samples) {
    if (samples.isEmpty()) {
      return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    double p90 = sorted[(int) Math.ceil(0.9 * n) - 1];
    return new Summary(n, sorted[0], median, p90, sorted[n - 1]);
  }

  @Override
  public String toString() {
    return String.format("median %6.0f ms   min %6.0f   p90 %6.0f   max %6.0f   (n=%d)",
        median, min, p90, max, count);
  }
}
