package dev.kanary.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PidRecordTest {
  @TempDir Path dir;

  private static final ProcessHandle SELF = ProcessHandle.current();

  @Test
  void recordsAndRecognisesAProcess() throws IOException {
    PidRecord record = PidRecord.of(SELF).orElseThrow();
    Path file = dir.resolve("self.pid");

    record.write(file);

    assertThat(PidRecord.read(file)).contains(record);
    assertThat(record.matches(SELF)).isTrue();
  }

  @Test
  void anotherStartInstantIsAnotherProcess() {
    PidRecord record = PidRecord.of(SELF).orElseThrow();

    assertThat(new PidRecord(SELF.pid(), record.startedAt().plusMillis(10)).matches(SELF))
        .isFalse();
    assertThat(new PidRecord(SELF.pid() + 1, record.startedAt()).matches(SELF)).isFalse();
  }

  @Test
  void formatsAsPidAndInstant() {
    assertThat(new PidRecord(42, Instant.parse("2025-01-02T03:04:05.060Z")).format())
        .isEqualTo("42 2025-01-02T03:04:05.060Z\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "42", "x 2025-01-02T03:04:05Z", "42 yesterday", "1 2 3"})
  void textItDidNotWriteIsNoRecord(String text) {
    assertThat(PidRecord.parse(text)).isEmpty();
  }
}
