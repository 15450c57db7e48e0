package dev.kanary.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogTailTest {
  @TempDir Path dir;

  static Stream<Arguments> texts() {
    return Stream.of(
        row("empty", "", false, 3, List.of()),
        row("fewer lines than asked", "a\nb\n", false, 3, List.of("a", "b")),
        row("the last ones", "a\nb\nc\nd\n", false, 2, List.of("c", "d")),
        row("a last line with no newline", "a\nb", false, 3, List.of("a", "b")),
        row("CRLF", "a\r\nb\r\n", false, 3, List.of("a", "b")),
        row("blank lines inside kept, at the end dropped", "a\n\nb\n\n\n", false, 3,
            List.of("a", "", "b")),
        row("cut inside its first line", "tail of a\nb\nc\n", true, 3, List.of("b", "c")),
        row("cut inside its only line", "tail of a", true, 3, List.of("tail of a")));
  }

  private static Arguments row(
      String name, String text, boolean cut, int lines, List<String> wanted) {
    return Arguments.of(Named.of(name, text), cut, lines, wanted);
  }

  @ParameterizedTest
  @MethodSource("texts")
  void keepsTheLastLines(String text, boolean cutAtStart, int maxLines, List<String> wanted) {
    assertThat(LogTail.tail(text, cutAtStart, maxLines)).isEqualTo(wanted);
  }

  @Test
  void readsOnlyWhatWasWrittenAfterTheOffset() throws IOException {
    Path log = dir.resolve("r.log");
    Files.writeString(log, "previous run\nits last line\n");
    long start = Files.size(log);
    Files.writeString(log, "this run\n", StandardOpenOption.APPEND);

    assertThat(LogTail.lastLines(log, start, 20)).containsExactly("this run");
    assertThat(LogTail.lastLines(log, 0, 20))
        .containsExactly("previous run", "its last line", "this run");
    assertThat(LogTail.lastLines(log, Files.size(log), 20)).isEmpty();
  }

  @Test
  void readsTheEndOfALongLogOnly() throws IOException {
    Path log = dir.resolve("long.log");
    Files.writeString(log, IntStream.rangeClosed(1, 100_000)
        .mapToObj(i -> "line " + i)
        .collect(Collectors.joining("\n", "", "\n")));

    assertThat(LogTail.lastLines(log, 0, 2)).containsExactly("line 99999", "line 100000");
    assertThat(LogTail.lastLines(log, 0, 100_000).size()).isLessThan(2_000);
  }

  @Test
  void aMissingLogHasNoLines() {
    assertThat(LogTail.lastLines(dir.resolve("none.log"), 0, 20)).isEmpty();
  }
}
