package dev.kanary.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogLinesTest {
  @Test
  void readsTheServersLinesWithOrWithoutTheThreadAndSkipsTheRest(@TempDir Path dir)
      throws IOException {
    Path log = dir.resolve("server.log");
    Files.writeString(log, """
        2026-11-22T00:16:13.934Z INFO dev.kanary.server.KanaryServer - replica bench.a ready
        java.lang.IllegalStateException: boom
        \tat dev.kanary.Foo.bar(Foo.java:1)
        2026-11-22T00:16:14.100Z [main] WARN dev.kanary.server.KanaryServer - slow: 2 s
        Model sklearn-iris is ready
        2026-11-22T00:16:15.000+01:00 ERROR dev.kanary.server.X - failed
        not-a-time INFO dev.kanary.server.X - dropped
        """);

    LogLines lines = LogLines.read(log);

    assertThat(lines.lines()).extracting(LogLines.Line::level)
        .containsExactly("INFO", "WARN", "ERROR");
    assertThat(lines.lines().get(0).message()).isEqualTo("replica bench.a ready");
    assertThat(lines.lines().get(1).logger()).isEqualTo("dev.kanary.server.KanaryServer");
    assertThat(lines.atLevel("WARN", "ERROR")).hasSize(2);
    assertThat(lines.first(Instant.EPOCH, m -> m.endsWith(" ready")))
        .contains(Instant.parse("2026-11-22T00:16:13.934Z"));
    assertThat(lines.first(Instant.parse("2026-11-22T00:16:14Z"), m -> true))
        .contains(Instant.parse("2026-11-22T00:16:14.100Z"));
    assertThat(lines.lines().get(2).at()).isEqualTo(Instant.parse("2026-11-21T23:16:15Z"));
  }

  @Test
  void aMissingLogHasNoLines(@TempDir Path dir) {
    assertThat(LogLines.read(dir.resolve("absent.log")).lines()).isEmpty();
  }
}
