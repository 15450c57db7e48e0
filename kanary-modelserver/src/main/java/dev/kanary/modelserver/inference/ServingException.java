package dev.kanary.modelserver.inference;

/** A failed request: its kind picks the status, its message is what the client reads. */
public final class ServingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;

  public ServingException(ErrorKind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public ServingException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
  }

  public static ServingException invalidInput(String message) {
    return new ServingException(ErrorKind.INVALID_INPUT, message);
  }

  public static ServingException modelNotFound(String name) {
    return new ServingException(
        ErrorKind.MODEL_NOT_FOUND, "Model with name " + name + " does not exist.");
  }

  public static ServingException modelNotReady(String name) {
    return new ServingException(
        ErrorKind.MODEL_NOT_READY, "Model with name " + name + " is not ready.");
  }

  public static ServingException serverNotReady() {
    return new ServingException(ErrorKind.SERVER_NOT_READY, "Server is not ready.");
  }

  public static ServingException versionsNotSupported() {
    return new ServingException(ErrorKind.NOT_IMPLEMENTED, "Model versioning not supported yet.");
  }

  public ErrorKind kind() {
    return kind;
  }
}
