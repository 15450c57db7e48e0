package dev.kanary.core.condition;

import com.fasterxml.jackson.annotation.JsonValue;

/** The three values of a Kubernetes condition's status. */
public enum ConditionStatus {
  TRUE("True"),
  FALSE("False"),
  UNKNOWN("Unknown");

  private final String wire;

  ConditionStatus(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
