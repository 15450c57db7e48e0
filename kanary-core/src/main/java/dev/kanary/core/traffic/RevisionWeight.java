package dev.kanary.core.traffic;

import java.util.Objects;

/** One revision's share of a split, in percent. */
public record RevisionWeight(String revisionName, long percent) {
  public RevisionWeight {
    Objects.requireNonNull(revisionName, "revisionName");
  }
}
