package dev.kanary.cli.client;

/**
 * A request the server refused, with the Kubernetes Status it answered.
 *
 * @param reason the Status's reason, e.g. {@code NotFound}
 */
public final class ApiError extends RuntimeException {
  private final int code;
  private final String reason;

  public ApiError(int code, String reason, String message) {
    super(message);
    this.code = code;
    this.reason = reason;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public boolean isNotFound() {
    return code == 404;
  }

  /** kubectl's line: {@code Error from server (NotFound): ...}, on one line. */
  public String line() {
    return "Error from server (" + reason + "): " + oneLine(getMessage());
  }

  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
