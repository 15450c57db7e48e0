package dev.kanary.server.replica;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A replica's process as its pid file records it: pid and start instant. Both are needed to know
 * a process again after a server restart, since the system reuses pids.
 */
record PidRecord(long pid, Instant startedAt) {
  static Optional<PidRecord> of(ProcessHandle process) {
    return process.info().startInstant().map(start -> new PidRecord(process.pid(), start));
  }

  /** Whether {@code process} is the one recorded, not another that got the same pid since. */
  boolean matches(ProcessHandle process) {
    return process.pid() == pid
        && process.info().startInstant().map(startedAt::equals).orElse(false);
  }

  String format() {
    return pid + " " + startedAt + "\n";
  }

  /** Empty for text this class did not write. */
  static Optional<PidRecord> parse(String text) {
    String[] fields = text.strip().split(" ");
    if (fields.length != 2) {
      return Optional.empty();
    }
    try {
      return Optional.of(new PidRecord(Long.parseLong(fields[0]), Instant.parse(fields[1])));
    } catch (NumberFormatException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Written whole or not at all, so that a crash mid-write leaves no half record. */
  void write(Path file) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, format(), StandardCharsets.UTF_8);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static Optional<PidRecord> read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }
}
