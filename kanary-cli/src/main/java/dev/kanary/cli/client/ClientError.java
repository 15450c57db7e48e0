package dev.kanary.cli.client;

/** The server could not be asked: unreachable, or it did not take the token. One line, for people. */
public final class ClientError extends RuntimeException {
  public ClientError(String message) {
    super(message);
  }

  public ClientError(String message, Throwable cause) {
    super(message, cause);
  }
}
