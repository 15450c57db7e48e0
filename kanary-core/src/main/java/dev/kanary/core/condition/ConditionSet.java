package dev.kanary.core.condition;

import java.time.Instant;
import java.util.List;

/**
 * Knative's "living" condition set: a happy condition (Ready) that is derived from its dependents,
 * never set by hand. Dependents and the happy condition are terminal (severity Error); every other
 * condition is informational (severity Info) and does not gate Ready.
 */
public final class ConditionSet {
  public static final String READY = "Ready";

  private final String happy;
  private final List<String> dependents;

  private ConditionSet(String happy, List<String> dependents) {
    this.happy = happy;
    this.dependents = List.copyOf(dependents);
  }

  /** A set whose happy condition is Ready. */
  public static ConditionSet living(String... dependents) {
    return new ConditionSet(READY, List.of(dependents));
  }

  public String happy() {
    return happy;
  }

  public List<String> dependents() {
    return dependents;
  }

  boolean isTerminal(String type) {
    return happy.equals(type) || dependents.contains(type);
  }

  String severityOf(String type) {
    return isTerminal(type) ? Condition.SEVERITY_ERROR : Condition.SEVERITY_INFO;
  }

  /** Edits the given conditions; {@code now} stamps every transition this edit makes. */
  public ConditionManager manage(List<Condition> conditions, Instant now) {
    return new ConditionManager(this, conditions, now);
  }
}
