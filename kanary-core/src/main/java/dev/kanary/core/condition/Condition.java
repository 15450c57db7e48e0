package dev.kanary.core.condition;

import java.time.Instant;
import java.util.Objects;

/**
 * A Knative-style condition. Severity is "" (an error, which gates Ready), "Warning" or "Info".
 */
public record Condition(
    String type,
    ConditionStatus status,
    String severity,
    Instant lastTransitionTime,
    String reason,
    String message) {

  public static final String SEVERITY_ERROR = "";
  public static final String SEVERITY_INFO = "Info";

  public Condition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    severity = severity == null ? SEVERITY_ERROR : severity;
  }

  public static Condition of(String type, ConditionStatus status, String reason, String message) {
    return new Condition(type, status, SEVERITY_ERROR, null, reason, message);
  }

  public boolean isTrue() {
    return status == ConditionStatus.TRUE;
  }

  public boolean isFalse() {
    return status == ConditionStatus.FALSE;
  }

  public boolean isUnknown() {
    return status == ConditionStatus.UNKNOWN;
  }

  /** Equal in everything a reader sees except the transition time. */
  public boolean sameStateAs(Condition other) {
    return other != null
        && type.equals(other.type)
        && status == other.status
        && severity.equals(other.severity)
        && Objects.equals(blankToNull(reason), blankToNull(other.reason))
        && Objects.equals(blankToNull(message), blankToNull(other.message));
  }

  public Condition withLastTransitionTime(Instant when) {
    return new Condition(type, status, severity, when, reason, message);
  }

  public Condition withSeverity(String newSeverity) {
    return new Condition(type, status, newSeverity, lastTransitionTime, reason, message);
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
