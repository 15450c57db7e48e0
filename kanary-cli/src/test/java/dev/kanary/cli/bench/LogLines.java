package dev.kanary.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timestamped lines of a kanary log (slf4j-simple with {@link BenchServer#LOG_DATE_FORMAT}):
 * {@code 2026-11-22T00:16:13.934Z INFO logger - message}, the thread's name in brackets after the
 * time when slf4j-simple is told to show it. Other lines (stack traces, the replicas' own prints)
 * are left out.
 */
record LogLines(List<Line> lines) {
  record Line(Instant at, String level, String logger, String message) {}

  private static final Pattern LINE =
      Pattern.compile("^(\\S+) (?:\\[[^\\]]*\\] )?(TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)$");

  static LogLines read(Path file) {
    if (!Files.exists(file)) {
      return new LogLines(List.of());
    }
    try {
      // Lenient: a replica's output may hold anything, and a log may be read mid-line.
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      return new LogLines(text.lines().map(LogLines::parse).flatMap(Optional::stream).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The first line at or after {@code since} whose message passes {@code test}. */
  Optional<Instant> first(Instant since, Predicate<String> test) {
    return lines.stream()
        .filter(line -> !line.at().isBefore(since))
        .filter(line -> test.test(line.message()))
        .map(Line::at)
        .findFirst();
  }

  List<Line> atLevel(String... levels) {
    List<String> wanted = List.of(levels);
    return lines.stream().filter(line -> wanted.contains(line.level())).toList();
  }

  private static Optional<Line> parse(String text) {
    Matcher matcher = LINE.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      Instant at = OffsetDateTime.parse(matcher.group(1)).toInstant();
      return Optional.of(new Line(at, matcher.group(2), matcher.group(3), matcher.group(4)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
