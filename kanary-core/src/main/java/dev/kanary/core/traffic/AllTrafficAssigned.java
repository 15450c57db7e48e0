package dev.kanary.core.traffic;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.validation.GoQuote;

/**
 * A route's AllTrafficAssigned condition in each of its states, with the reasons and messages of
 * Knative's {@code route_lifecycle.go}. False means a target failed and needs a user's change;
 * Unknown means a target is still on its way to ready.
 */
public final class AllTrafficAssigned {
  public static final String TYPE = "AllTrafficAssigned";

  public static final String CONFIGURATION_MISSING = "ConfigurationMissing";
  public static final String REVISION_MISSING = "RevisionMissing";
  public static final String REVISION_NOT_OWNED = "RevisionNotOwned";
  public static final String ERROR_CONFIG = "ErrorConfig";

  private AllTrafficAssigned() {}

  public static Condition assigned() {
    return Condition.of(TYPE, ConditionStatus.TRUE, null, null);
  }

  /** {@code kind} is {@code Configuration} or {@code Revision}; the reason is kind + "Missing". */
  public static Condition missing(String kind, String name) {
    return Condition.of(TYPE, ConditionStatus.FALSE, kind + "Missing",
        kind + " " + GoQuote.quote(name) + " referenced in traffic not found.");
  }

  public static Condition configurationNotReady(String name) {
    return Condition.of(TYPE, ConditionStatus.UNKNOWN, REVISION_MISSING,
        "Configuration " + GoQuote.quote(name) + " is waiting for a Revision to become ready.");
  }

  public static Condition configurationFailed(String name) {
    return Condition.of(TYPE, ConditionStatus.FALSE, REVISION_MISSING,
        "Configuration " + GoQuote.quote(name) + " does not have any ready Revision.");
  }

  public static Condition revisionNotReady(String name) {
    return Condition.of(TYPE, ConditionStatus.UNKNOWN, REVISION_MISSING,
        "Revision " + GoQuote.quote(name) + " is not yet ready.");
  }

  public static Condition revisionFailed(String name) {
    return Condition.of(TYPE, ConditionStatus.FALSE, REVISION_MISSING,
        "Revision " + GoQuote.quote(name) + " failed to become ready.");
  }

  /**
   * A Service's route referenced a revision of another Service.
   *
   * @param actualService the revision's service label, or null when it has none
   */
  public static Condition revisionNotOwned(
      String revision, String actualService, String expectedService) {
    String message = actualService == null
        ? "Revision " + GoQuote.quote(revision) + " does not belong to Service "
            + GoQuote.quote(expectedService) + "."
        : "Revision " + GoQuote.quote(revision) + " belongs to Service "
            + GoQuote.quote(actualService) + ", not Service " + GoQuote.quote(expectedService)
            + ".";
    return Condition.of(TYPE, ConditionStatus.FALSE, REVISION_NOT_OWNED, message);
  }

  /** A host cannot be built from the route's names and domain; {@code error} says why. */
  public static Condition domainError(String error) {
    return Condition.of(TYPE, ConditionStatus.FALSE, ERROR_CONFIG, "domain name error: " + error);
  }
}
