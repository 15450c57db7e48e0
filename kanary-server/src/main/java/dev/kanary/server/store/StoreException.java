package dev.kanary.server.store;

/**
 * A write the store refused, or a watch it cannot serve. The reason maps one to one onto a
 * Kubernetes Status reason and HTTP code, so the API can answer without guessing.
 */
public final class StoreException extends RuntimeException {

  public enum Reason {
    /** 404 NotFound. */
    NOT_FOUND(404, "NotFound"),
    /** 409 AlreadyExists: create of a name that exists. */
    ALREADY_EXISTS(409, "AlreadyExists"),
    /** 409 Conflict: a stale resourceVersion. */
    CONFLICT(409, "Conflict"),
    /** 422 Invalid: a document the store cannot key (no name, wrong kind, ...). */
    INVALID(422, "Invalid"),
    /** 410 Expired: a watch from a resourceVersion older than the store remembers. */
    EXPIRED(410, "Expired");

    private final int httpStatus;
    private final String statusReason;

    Reason(int httpStatus, String statusReason) {
      this.httpStatus = httpStatus;
      this.statusReason = statusReason;
    }

    public int httpStatus() {
      return httpStatus;
    }

    /** The Kubernetes {@code Status.reason}. */
    public String statusReason() {
      return statusReason;
    }
  }

  private final Reason reason;

  public StoreException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public StoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
