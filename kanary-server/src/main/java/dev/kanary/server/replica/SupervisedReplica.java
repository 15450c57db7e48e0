package dev.kanary.server.replica;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica and its process, from start to stop. Process exits, probe answers and timers arrive
 * on other threads, each tagged with the launch it belongs to, so that news about a process that
 * has since been replaced is dropped.
 */
final class SupervisedReplica {
  private static final Logger log = LoggerFactory.getLogger(ReplicaSupervisor.class);
  private static final File NO_INPUT = new File("/dev/null");
  private static final String OWN_PID = Long.toString(ProcessHandle.current().pid());

  private final ReplicaSpec spec;
  private final SupervisorContext context;
  private final Consumer<SupervisedReplica> whenStopped;
  private final boolean wantsGrpcPort;

  private long launch;
  private ReplicaPhase phase = ReplicaPhase.STARTING;
  private boolean ready;
  private Process process;
  private int port;
  private int grpcPort;
  private Instant startedAt;
  private Instant readySince;
  private int restarts;
  private int crashesInARow;
  private OptionalInt lastExitCode = OptionalInt.empty();
  private String reason = "";
  private String message = "";
  private long logStart;
  private int probeFailures;
  private Future<?> nextProbeOrRestart = CompletableFuture.completedFuture(null);
  private Future<?> kill = CompletableFuture.completedFuture(null);
  private CompletableFuture<Void> stopped;

  SupervisedReplica(
      ReplicaSpec spec, SupervisorContext context, Consumer<SupervisedReplica> whenStopped) {
    this.spec = spec;
    this.context = context;
    this.whenStopped = whenStopped;
    this.wantsGrpcPort = PortTemplate.wantsGrpcPort(spec);
  }

  ReplicaSpec spec() {
    return spec;
  }

  synchronized boolean stopAsked() {
    return stopped != null;
  }

  synchronized ReplicaStatus status() {
    return snapshot();
  }

  /** Starts a process on new ports; a process that cannot start counts as a crash. */
  synchronized void launch() {
    long id = ++launch;
    port = context.ports().pick();
    grpcPort = wantsGrpcPort ? context.ports().pick() : 0;
    startedAt = Instant.now();
    readySince = null;
    ready = false;
    probeFailures = 0;
    phase = ReplicaPhase.STARTING;
    reason = "";
    message = "";
    List<String> command = PortTemplate.command(spec, port, grpcPort);
    try {
      logStart = appendToLog("kanary: starting replica %s of revision %s on port %d: %s"
          .formatted(spec.name(), spec.revision(), port, String.join(" ", command)));
      process = processBuilder(command).start();
    } catch (IOException e) {
      process = null;
      crashed("could not start " + command.get(0) + ": " + e.getMessage());
      return;
    }
    recordPid(process);
    Process started = process;
    // Async: a process that is already gone must not be handled in the middle of its launch.
    started.onExit().thenRunAsync(() -> exited(id, started), context.scheduler());
    nextProbeOrRestart = schedule(() -> probe(id), context.settings().startupProbeInterval());
    publish();
  }

  /** SIGTERM now, SIGKILL after the grace period; completes once the process is gone. */
  synchronized CompletableFuture<Void> stop() {
    if (stopped != null) {
      return stopped;
    }
    stopped = new CompletableFuture<>();
    nextProbeOrRestart.cancel(false);
    phase = ReplicaPhase.STOPPING;
    ready = false;
    reason = "";
    message = "";
    publish();
    if (process == null) {
      finishStop();
    } else {
      process.destroy();
      long id = launch;
      kill = schedule(() -> kill(id), context.settings().stopGracePeriod());
    }
    return stopped;
  }

  private synchronized void exited(long id, Process exitedProcess) {
    if (id != launch) {
      return;
    }
    process = null;
    nextProbeOrRestart.cancel(false);
    deletePidFile();
    int code = exitedProcess.exitValue();
    lastExitCode = OptionalInt.of(code);
    if (stopped != null) {
      finishStop();
    } else {
      crashed("exited with code " + code);
    }
  }

  private void crashed(String what) {
    Instant now = Instant.now();
    if (readySince != null
        && Duration.between(readySince, now).compareTo(context.settings().backOffReset()) >= 0) {
      crashesInARow = 0;
    }
    crashesInARow++;
    restarts++;
    Duration delay = context.settings().backOff().delay(crashesInARow);
    phase = ReplicaPhase.CRASH_LOOP_BACK_OFF;
    ready = false;
    reason = ReplicaStatus.CRASH_LOOP_BACK_OFF;
    message = "replica %s %s; back-off %s before restart %d"
        .formatted(spec.name(), what, format(delay), restarts);
    long id = launch;
    nextProbeOrRestart = schedule(() -> restart(id), delay);
    publish();
  }

  private synchronized void restart(long id) {
    if (id == launch && stopped == null) {
      launch();
    }
  }

  private void probe(long id) {
    int probedPort;
    synchronized (this) {
      if (id != launch || process == null || stopped != null) {
        return;
      }
      probedPort = port;
    }
    context.prober().probe(probedPort, spec.readiness()).thenAccept(result -> probed(id, result));
  }

  private synchronized void probed(long id, ReadinessProber.Result result) {
    if (id != launch || process == null || stopped != null) {
      return;
    }
    if (result.success()) {
      probeFailures = 0;
      if (!ready) {
        ready = true;
        phase = ReplicaPhase.READY;
        readySince = readySince == null ? Instant.now() : readySince;
        reason = "";
        message = "";
        publish();
      }
    } else {
      probeFailures++;
      message = "readiness probe failed: " + result.detail();
      if (ready && probeFailures >= spec.readiness().failureThreshold()) {
        ready = false;
        reason = ReplicaStatus.READINESS_PROBE_FAILED;
        publish();
      }
    }
    Duration next =
        readySince == null ? context.settings().startupProbeInterval() : spec.readiness().period();
    nextProbeOrRestart = schedule(() -> probe(id), next);
  }

  private synchronized void kill(long id) {
    if (id != launch || process == null) {
      return;
    }
    message = "did not stop within " + format(context.settings().stopGracePeriod())
        + " of SIGTERM; killed";
    killTree(process.toHandle());
  }

  static void killTree(ProcessHandle root) {
    // Children first: once their parent is gone they are reparented and out of reach.
    root.descendants().forEach(ProcessHandle::destroyForcibly);
    root.destroyForcibly();
  }

  private void finishStop() {
    kill.cancel(false);
    phase = ReplicaPhase.STOPPED;
    ready = false;
    publish();
    whenStopped.accept(this);
    // Through the events queue, so that the listener has seen STOPPED when the stop completes.
    CompletableFuture<Void> done = stopped;
    context.events().execute(() -> done.complete(null));
  }

  private ProcessBuilder processBuilder(List<String> command) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(spec.workingDirectory().toFile())
            .redirectInput(Redirect.from(NO_INPUT))
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(spec.logFile().toFile()));
    Map<String, String> environment = builder.environment();
    environment.putAll(PortTemplate.environment(spec, port, grpcPort));
    environment.put("PORT", Integer.toString(port));
    environment.put(SupervisorLink.PID_ENV, OWN_PID);
    return builder;
  }

  /** Returns where the file ends after {@code line}: where the new process's output begins. */
  private long appendToLog(String line) throws IOException {
    Path file = spec.logFile();
    Path directory = file.toAbsolutePath().getParent();
    if (directory != null) {
      Files.createDirectories(directory);
    }
    Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return Files.size(file);
  }

  private Path pidFile() {
    return context.pidDirectory().resolve(spec.name() + ".pid");
  }

  private void recordPid(Process started) {
    try {
      PidRecord.of(started.toHandle()).orElseThrow().write(pidFile());
    } catch (IOException | RuntimeException e) {
      log.warn("Replica {}: cannot record pid {} in {}; a server crash could leave it running: {}",
          spec.name(), started.pid(), pidFile(), e.toString());
    }
  }

  private void deletePidFile() {
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      log.warn("Replica {}: cannot delete {}: {}", spec.name(), pidFile(), e.toString());
    }
  }

  private Future<?> schedule(Runnable task, Duration delay) {
    try {
      return context.scheduler().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The supervisor is closing: nothing is due any more.
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Under the lock, so that the listener gets the statuses in the order they were reached. */
  private void publish() {
    ReplicaStatus status = snapshot();
    context.events().execute(() -> deliver(status));
  }

  private void deliver(ReplicaStatus status) {
    try {
      context.listener().accept(status);
    } catch (RuntimeException e) {
      log.warn("Replica listener failed on {}", status, e);
    }
  }

  private ReplicaStatus snapshot() {
    return new ReplicaStatus(
        spec.name(),
        spec.revision(),
        phase,
        ready,
        port,
        grpcPort,
        process == null ? OptionalLong.empty() : OptionalLong.of(process.pid()),
        restarts,
        startedAt,
        lastExitCode,
        logLines(),
        reason,
        message);
  }

  private List<String> logLines() {
    try {
      return LogTail.lastLines(spec.logFile(), logStart, context.settings().logLines());
    } catch (UncheckedIOException e) {
      return List.of("kanary: cannot read " + spec.logFile() + ": " + e.getCause().getMessage());
    }
  }

  /** Short, like the Go durations of Kubernetes' messages: 20ms is 0.02s, 300s is 5m. */
  private static String format(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
