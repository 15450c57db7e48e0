package dev.kanary.server.storage;

import java.net.URI;
import java.nio.file.Path;

/** Where a storageUri points. */
sealed interface StorageSource {

  /** A file or a directory on this machine, absolute and normalized. */
  record Local(Path path) implements StorageSource {}

  /** One HTTP(S) object, saved under {@code fileName}: a model file or an archive. */
  record Http(URI uri, String fileName) implements StorageSource {}

  /**
   * A Google Cloud Storage object, or every object under it as under a directory; {@code object}
   * has no leading or trailing slash and is empty for a whole bucket.
   */
  record Gcs(String bucket, String object) implements StorageSource {}
}
