package dev.kanary.server.storage;

import java.util.Locale;
import java.util.Optional;

/** The archives the storage initializer unpacks, told apart by file name as KServe does. */
enum ArchiveFormat {
  TAR_GZ(".tar.gz", ".tgz"),
  TAR(".tar"),
  ZIP(".zip");

  private final String[] suffixes;

  ArchiveFormat(String... suffixes) {
    this.suffixes = suffixes;
  }

  /** The format a file name announces; empty for a plain model file. */
  static Optional<ArchiveFormat> of(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    for (ArchiveFormat format : values()) {
      for (String suffix : format.suffixes) {
        if (name.endsWith(suffix)) {
          return Optional.of(format);
        }
      }
    }
    return Optional.empty();
  }
}
