package dev.kanary.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on the data directory. Two stores on one file would each count
 * resourceVersions and feed watches on their own, breaking both; SQLite's own locking cannot
 * prevent that, so the second opener is refused.
 */
final class DataDirectoryLock implements AutoCloseable {
  static final String FILE = "kanary.lock";

  private final FileChannel channel;

  private DataDirectoryLock(FileChannel channel) {
    this.channel = channel;
  }

  static DataDirectoryLock acquire(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException("the data directory " + dataDir
            + " is in use by another kanary store (" + file + " is locked); stop that server or"
            + " use another --data-dir");
      }
      return new DataDirectoryLock(channel);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock the data directory " + dataDir, e);
    }
  }

  /** Closing the channel releases the lock. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
