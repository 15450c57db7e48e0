package dev.kanary.server.store;

import dev.kanary.core.validation.GoQuote;
import dev.kanary.server.store.StoreException.Reason;

/** The store's refusals with the Kubernetes API server's message texts. */
final class StoreErrors {
  private StoreErrors() {}

  /** {@code inferenceservices.serving.kserve.io}, as Kubernetes names a group resource. */
  static String groupResource(ResourceType type) {
    return type.plural() + "." + type.group();
  }

  static StoreException notFound(ObjectKey key) {
    return new StoreException(Reason.NOT_FOUND,
        groupResource(key.type()) + " " + GoQuote.quote(key.name()) + " not found");
  }

  static StoreException alreadyExists(ObjectKey key) {
    return new StoreException(Reason.ALREADY_EXISTS,
        groupResource(key.type()) + " " + GoQuote.quote(key.name()) + " already exists");
  }

  static StoreException modified(ObjectKey key) {
    return conflict(key, "the object has been modified; please apply your changes to the latest"
        + " version and try again");
  }

  /** The text Kubernetes gives a delete whose resourceVersion precondition is stale. */
  static StoreException preconditionFailed(ObjectKey key, long expected, long actual) {
    return conflict(key, "the ResourceVersion in the precondition (" + expected + ") does not"
        + " match the ResourceVersion in record (" + actual + "). The object might have been"
        + " modified");
  }

  static StoreException uidMismatch(ObjectKey key, String given, String stored) {
    return conflict(key, "Precondition failed: UID in precondition: " + given
        + ", UID in object meta: " + stored);
  }

  static StoreException ownersGone(ObjectKey key, java.util.List<String> uids) {
    return conflict(key, "its owners no longer exist (uid " + String.join(", ", uids)
        + "); it would be garbage-collected at once");
  }

  private static StoreException conflict(ObjectKey key, String why) {
    return new StoreException(Reason.CONFLICT, "Operation cannot be fulfilled on "
        + groupResource(key.type()) + " " + GoQuote.quote(key.name()) + ": " + why);
  }

  /**
   * {@code InferenceService.serving.kserve.io "x" is invalid: metadata.name: Invalid value: ...},
   * Kubernetes' shape for a field error.
   */
  static StoreException invalid(ResourceType type, String name, String fieldError) {
    String subject = name == null || name.isEmpty() ? "" : " " + GoQuote.quote(name);
    return new StoreException(Reason.INVALID,
        type.kind() + "." + type.group() + subject + " is invalid: " + fieldError);
  }

  /** The watch cache's text: the version asked for, then the oldest one it can start after. */
  static StoreException tooOld(long requested, long oldest) {
    return new StoreException(Reason.EXPIRED,
        "too old resource version: " + requested + " (" + oldest + ")");
  }

  static StoreException tooNew(long requested, long current) {
    return new StoreException(Reason.EXPIRED, "too large resource version: " + requested
        + ", current: " + current + " (a version from another store? list again)");
  }
}
