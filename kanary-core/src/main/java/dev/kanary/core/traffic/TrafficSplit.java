package dev.kanary.core.traffic;

import java.util.List;

/**
 * How one host's requests are shared among revisions. Every weight is positive and they sum to
 * 100: a revision with 0% is not part of a split, it is reachable only through its tag's host.
 */
public record TrafficSplit(List<RevisionWeight> weights) {
  public TrafficSplit {
    weights = List.copyOf(weights);
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("a split needs at least one revision");
    }
    long sum = 0;
    for (RevisionWeight weight : weights) {
      if (weight.percent() <= 0) {
        throw new IllegalArgumentException("a split holds only positive weights: " + weights);
      }
      sum += weight.percent();
    }
    if (sum != 100) {
      throw new IllegalArgumentException("a split sums to 100, not " + sum + ": " + weights);
    }
  }

  /** All requests to one revision. */
  public static TrafficSplit of(String revisionName) {
    return new TrafficSplit(List.of(new RevisionWeight(revisionName, 100)));
  }

  public List<String> revisionNames() {
    return weights.stream().map(RevisionWeight::revisionName).toList();
  }
}
