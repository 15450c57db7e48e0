package dev.kanary.server.storage;

/**
 * A model that cannot be fetched. The message names the storageUri and the cause in one line, so
 * that it can go as it is into a revision's Ready=False condition.
 */
public final class StorageException extends RuntimeException {

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
