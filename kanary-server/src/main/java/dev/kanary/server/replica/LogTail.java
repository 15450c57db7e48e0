package dev.kanary.server.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, read from its end so that a long log costs nothing. */
final class LogTail {
  /** Enough for 20 lines of a stack trace; longer lines come out cut at their start. */
  static final int MAX_BYTES = 16 * 1024;

  private LogTail() {}

  /**
   * The last {@code maxLines} lines written at or after byte {@code from}: a process's lines, when
   * {@code from} is where the file ended when it started.
   */
  static List<String> lastLines(Path file, long from, int maxLines) {
    if (maxLines == 0) {
      return List.of();
    }
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      long size = channel.size();
      long start = Math.max(from, size - MAX_BYTES);
      if (start >= size) {
        return List.of();
      }
      channel.position(start);
      byte[] bytes = Channels.newInputStream(channel).readNBytes((int) (size - start));
      return tail(new String(bytes, StandardCharsets.UTF_8), start > from, maxLines);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log " + file, e);
    }
  }

  /** {@code cutAtStart}: the text begins inside a line, which is dropped. */
  static List<String> tail(String text, boolean cutAtStart, int maxLines) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
    if (cutAtStart && lines.size() > 1) {
      lines.remove(0);
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return List.copyOf(lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
  }
}
