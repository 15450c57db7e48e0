package dev.kanary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The model server as a replica: it stops when the server that supervises it is gone. */
class ModelServerCommandTest {
  private static final String IRIS = "../examples/models/iris/model-1";
  private static final Pattern SERVING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CompletableFuture<Integer> runInBackground(Map<String, String> environment) {
    CommandLine command = new CommandLine(new ModelServerCommand(environment));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    // A thread of its own: the common pool may have a single one, which a hung run would hold.
    return CompletableFuture.supplyAsync(
        () -> command.execute("--model-dir", IRIS, "--model-name", "iris", "--http-port", "0"),
        task -> new Thread(task, "model-server-command").start());
  }

  @Test
  void stopsOnceItsSupervisorIsGone() throws Exception {
    // A stand-in for the server, not a parent of the model server's JVM either. Its own parent
    // waits for it, as a shell does for a command: an orphan would linger as a zombie, which
    // counts as alive, until the system's init got round to reaping it.
    Process shell = new ProcessBuilder("sh", "-c", "sleep 60 >/dev/null & echo $!; wait").start();
    long pid = Long.parseLong(new BufferedReader(
        new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8)).readLine());
    ProcessHandle supervisor = ProcessHandle.of(pid).orElseThrow();
    try {
      CompletableFuture<Integer> exit =
          runInBackground(Map.of("KANARY_SUPERVISOR_PID", Long.toString(pid)));
      waitUntil(
          () -> SERVING.matcher(out.toString()).find() || exit.isDone(), Duration.ofSeconds(30));
      Matcher serving = SERVING.matcher(out.toString());
      assertThat(serving.find()).isTrue();
      int port = Integer.parseInt(serving.group(1));
      assertThat(exit).isNotDone();

      supervisor.destroyForcibly();

      assertThat(exit.get(15, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
      assertThat(out.toString()).contains(
          "kanary: the server that started this replica (pid " + pid + ") is gone; stopping");
      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
          .isInstanceOf(ConnectException.class);
    } finally {
      supervisor.destroyForcibly();
      shell.destroyForcibly();
    }
  }

  @Test
  void aSupervisorPidThatIsNoPidIsAUsageError() {
    int exit = runInBackground(Map.of("KANARY_SUPERVISOR_PID", "abc")).join();

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("KANARY_SUPERVISOR_PID=abc is not a process id; kanary's"
        + " replica supervisor sets it, unset it to run on its own");
    assertThat(out.toString()).doesNotContain("serving");
  }

  private static void waitUntil(BooleanSupplier condition, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
