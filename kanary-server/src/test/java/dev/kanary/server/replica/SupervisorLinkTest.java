package dev.kanary.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SupervisorLinkTest {
  private static Map<String, String> env(String pid) {
    Map<String, String> env = new HashMap<>();
    env.put(SupervisorLink.PID_ENV, pid);
    return env;
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = " ")
  void noPidMeansNoSupervisor(String value) {
    assertThat(SupervisorLink.supervisorPid(env(value))).isEmpty();
    assertThat(SupervisorLink.supervisorPid(Map.of())).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"123, 123", "' 42 ', 42"})
  void readsThePid(String value, long pid) {
    assertThat(SupervisorLink.supervisorPid(env(value))).contains(pid);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0", "-5", "12x"})
  void refusesWhatIsNotAPid(String value) {
    assertThatThrownBy(() -> SupervisorLink.supervisorPid(env(value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KANARY_SUPERVISOR_PID=" + value + " is not a process id; kanary's replica"
            + " supervisor sets it, unset it to run on its own");
  }

  @Test
  void aProcessAlreadyGoneIsGoneAtOnce() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();

    assertThat(SupervisorLink.whenGone(done.pid())).isCompleted();
  }

  /** Like a replica and its supervisor: the watched process is not the watcher's child. */
  @Test
  void completesWhenAProcessThatIsNotAChildEnds() throws Exception {
    // Its parent waits for it: an orphan would linger as a zombie, which counts as alive, until
    // the system's init got round to reaping it.
    Process shell = new ProcessBuilder("sh", "-c", "sleep 60 >/dev/null & echo $!; wait").start();
    long pid = Long.parseLong(new BufferedReader(
        new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8)).readLine());
    Optional<ProcessHandle> sleeper = ProcessHandle.of(pid);
    assertThat(sleeper).isPresent();
    try {
      CompletableFuture<Void> gone = SupervisorLink.whenGone(pid);
      Thread.sleep(200);
      assertThat(gone).isNotDone();

      sleeper.get().destroy();

      gone.get(10, TimeUnit.SECONDS);
    } finally {
      sleeper.get().destroyForcibly();
      shell.destroyForcibly();
    }
  }
}
