package dev.kanary.core.condition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A short-lived editor of one object's conditions under a {@link ConditionSet}; each mark recomputes
 * the happy condition the way knative.dev/pkg does. Read the result with {@link #conditions()}.
 *
 * <p>One deliberate difference from knative.dev/pkg: lastTransitionTime moves only when a
 * condition's status changes (the Kubernetes API convention), not when only its reason or message
 * does, so "since when has this been False" stays answerable while messages are refined.
 */
public final class ConditionManager {
  private final ConditionSet set;
  private final Instant now;
  private final List<Condition> conditions;

  ConditionManager(ConditionSet set, List<Condition> conditions, Instant now) {
    this.set = set;
    this.now = now;
    this.conditions = new ArrayList<>(conditions);
  }

  /** The conditions, sorted by type as Knative keeps them. */
  public List<Condition> conditions() {
    return conditions.stream().sorted(Comparator.comparing(Condition::type)).toList();
  }

  public Optional<Condition> get(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /**
   * Adds the happy condition and the dependents when absent: Unknown, or True when the happy
   * condition is already True (it implies every dependent is).
   */
  public ConditionManager initialize() {
    Condition happy = get(set.happy()).orElse(null);
    if (happy == null) {
      happy = new Condition(set.happy(), ConditionStatus.UNKNOWN, Condition.SEVERITY_ERROR, null,
          null, null);
      write(happy);
    }
    ConditionStatus initial = happy.isTrue() ? ConditionStatus.TRUE : ConditionStatus.UNKNOWN;
    for (String dependent : set.dependents()) {
      if (get(dependent).isEmpty()) {
        write(new Condition(dependent, initial, Condition.SEVERITY_ERROR, null, null, null));
      }
    }
    return this;
  }

  public ConditionManager markTrue(String type) {
    return markTrue(type, null, null);
  }

  public ConditionManager markTrue(String type, String reason, String message) {
    write(condition(type, ConditionStatus.TRUE, reason, message));
    Optional<Condition> unhappy = findUnhappyDependent();
    if (unhappy.isPresent()) {
      Condition c = unhappy.get();
      write(condition(set.happy(), c.status(), c.reason(), c.message()));
    } else {
      write(condition(set.happy(), ConditionStatus.TRUE, null, null));
    }
    return this;
  }

  public ConditionManager markUnknown(String type, String reason, String message) {
    write(condition(type, ConditionStatus.UNKNOWN, reason, message));
    boolean dependent = false;
    for (String d : set.dependents()) {
      // A False dependent trumps Unknown ones: Ready stays (or becomes) False.
      if (get(d).map(Condition::isFalse).orElse(false)) {
        if (!get(set.happy()).map(Condition::isFalse).orElse(false)) {
          markFalse(set.happy(), reason, message);
        }
        return this;
      }
      dependent |= d.equals(type);
    }
    if (dependent) {
      write(condition(set.happy(), ConditionStatus.UNKNOWN, reason, message));
    }
    return this;
  }

  public ConditionManager markFalse(String type, String reason, String message) {
    write(condition(type, ConditionStatus.FALSE, reason, message));
    if (set.isTerminal(type) && !type.equals(set.happy())) {
      write(condition(set.happy(), ConditionStatus.FALSE, reason, message));
    }
    return this;
  }

  /**
   * KServe's SetCondition: copies a condition from elsewhere through the mark that matches its
   * status, so Ready is recomputed; a null condition changes nothing.
   */
  public ConditionManager set(String type, Condition from) {
    if (from == null) {
      return this;
    }
    return switch (from.status()) {
      case TRUE -> markTrue(type, from.reason(), from.message());
      case FALSE -> markFalse(type, from.reason(), from.message());
      case UNKNOWN -> markUnknown(type, from.reason(), from.message());
    };
  }

  /**
   * Removes an informational condition. Terminal conditions cannot be cleared (Knative refuses and
   * KServe ignores the refusal), so clearing one changes nothing.
   */
  public ConditionManager clear(String type) {
    if (!set.isTerminal(type)) {
      conditions.removeIf(c -> c.type().equals(type));
    }
    return this;
  }

  private Condition condition(String type, ConditionStatus status, String reason, String message) {
    return new Condition(type, status, set.severityOf(type), null, reason, message);
  }

  private void write(Condition next) {
    Condition current = get(next.type()).orElse(null);
    if (current != null && current.sameStateAs(next)) {
      return;
    }
    Instant transition =
        current != null && current.status() == next.status() ? current.lastTransitionTime() : now;
    conditions.removeIf(c -> c.type().equals(next.type()));
    conditions.add(next.withLastTransitionTime(transition));
  }

  /**
   * The terminal condition that keeps the happy one from True: the newest False, else the newest
   * Unknown, else Unknown when a dependent was never set.
   */
  private Optional<Condition> findUnhappyDependent() {
    if (set.dependents().isEmpty()) {
      return Optional.empty();
    }
    List<Condition> terminal = conditions.stream()
        .filter(c -> c.severity().equals(Condition.SEVERITY_ERROR))
        .filter(c -> !c.type().equals(set.happy()))
        .sorted(Comparator.comparing(Condition::lastTransitionTime,
            Comparator.nullsLast(Comparator.reverseOrder())))
        .toList();
    Optional<Condition> unhappy = terminal.stream().filter(Condition::isFalse).findFirst()
        .or(() -> terminal.stream().filter(Condition::isUnknown).findFirst());
    if (unhappy.isPresent()) {
      return unhappy;
    }
    if (set.dependents().size() > terminal.size()) {
      return Optional.of(new Condition(set.happy(), ConditionStatus.UNKNOWN, null, null, null,
          null));
    }
    return Optional.empty();
  }
}
