package dev.kanary.server.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs replicas as child processes: starts them on free loopback ports, probes their readiness,
 * restarts them with a back-off when they crash, and stops them with SIGTERM, then SIGKILL after a
 * grace period.
 *
 * <p>No child outlives the server: {@link #close()} (also run by a shutdown hook) stops them all;
 * each child's pid file lets {@link #reapOrphans()} stop those a killed server left behind; and
 * each child learns the server's pid from {@link SupervisorLink#PID_ENV} to stop when it is gone.
 */
public final class ReplicaSupervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplicaSupervisor.class);

  /** Beyond the grace period, for SIGKILLed processes to be reaped. */
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  private final Path pidDirectory;
  private final SupervisorSettings settings;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ExecutorService events;
  private final ReadinessProber prober = new ReadinessProber();
  private final SupervisorContext context;
  private final Map<String, SupervisedReplica> replicas = new ConcurrentHashMap<>();
  /** The same replicas by revision, then name. */
  private final Map<String, Map<String, SupervisedReplica>> byRevision = new ConcurrentHashMap<>();
  private final Thread shutdownHook;
  private CompletableFuture<Void> closed;

  /**
   * @param runDirectory where the supervisor keeps its pid files, under {@code pids/}
   * @param listener told every change of a replica's phase or readiness, one at a time, on a
   *     supervisor thread; it should return quickly, and never wait for a stop to complete
   */
  public ReplicaSupervisor(
      Path runDirectory, Consumer<ReplicaStatus> listener, SupervisorSettings settings) {
    this.pidDirectory = runDirectory.resolve("pids");
    this.settings = settings;
    try {
      Files.createDirectories(pidDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the replicas' pid directory " + pidDirectory, e);
    }
    this.scheduler = new ScheduledThreadPoolExecutor(2, daemonThreads("kanary-replica-supervisor"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.events = Executors.newSingleThreadExecutor(daemonThreads("kanary-replica-events"));
    this.context = new SupervisorContext(
        settings, scheduler, events, listener, prober, new LoopbackPorts(), pidDirectory);
    this.shutdownHook = new Thread(this::close, "kanary-replica-supervisor-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts the replica; when one of that name runs already, returns its status.
   *
   * @throws IllegalArgumentException when the replica of that name runs another spec
   * @throws IllegalStateException when the replica of that name is stopping, or the supervisor
   *     is closed
   */
  public synchronized ReplicaStatus start(ReplicaSpec spec) {
    if (closed != null) {
      throw new IllegalStateException(
          "the replica supervisor is closed; replica " + spec.name() + " cannot start");
    }
    SupervisedReplica existing = replicas.get(spec.name());
    if (existing != null) {
      if (existing.stopAsked()) {
        throw new IllegalStateException("replica " + spec.name()
            + " is stopping; start it again once its stop has completed");
      }
      if (!existing.spec().equals(spec)) {
        throw new IllegalArgumentException("replica " + spec.name() + " already runs with"
            + " another spec; stop it before starting it with a new one");
      }
      return existing.status();
    }
    SupervisedReplica replica = new SupervisedReplica(spec, context, this::forget);
    replicas.put(spec.name(), replica);
    // Added and removed inside compute, so that a revision's map is never dropped while a replica
    // is being added to it.
    byRevision.compute(spec.revision(), (revision, ofRevision) -> {
      Map<String, SupervisedReplica> all =
          ofRevision != null ? ofRevision : new ConcurrentHashMap<>();
      all.put(spec.name(), replica);
      return all;
    });
    replica.launch();
    return replica.status();
  }

  /**
   * Stops the replica: SIGTERM, then SIGKILL after the grace period. Drain its traffic first. The
   * future completes once the process is gone and the listener has seen STOPPED; from then on the
   * supervisor no longer knows the replica. An unknown name is already stopped.
   */
  public CompletableFuture<Void> stop(String name) {
    SupervisedReplica replica = replicas.get(name);
    return replica == null ? CompletableFuture.completedFuture(null) : replica.stop().copy();
  }

  /** True once {@link #close} began: nothing starts any more. */
  public synchronized boolean isClosed() {
    return closed != null;
  }

  public Optional<ReplicaStatus> status(String name) {
    return Optional.ofNullable(replicas.get(name)).map(SupervisedReplica::status);
  }

  /** All replicas not stopped yet, by name. */
  public List<ReplicaStatus> replicas() {
    return replicas.values().stream()
        .map(SupervisedReplica::status)
        .sorted(Comparator.comparing(ReplicaStatus::name))
        .toList();
  }

  /**
   * The replicas of one revision not stopped yet, in no order. A revision's reconcile asks for
   * these; it costs in proportion to the revision's replicas, not the machine's.
   */
  public List<ReplicaStatus> replicasOf(String revision) {
    Map<String, SupervisedReplica> ofRevision = byRevision.get(revision);
    return ofRevision == null
        ? List.of()
        : ofRevision.values().stream().map(SupervisedReplica::status).toList();
  }

  private void forget(SupervisedReplica stopped) {
    ReplicaSpec spec = stopped.spec();
    replicas.remove(spec.name(), stopped);
    byRevision.computeIfPresent(spec.revision(), (revision, ofRevision) -> {
      ofRevision.remove(spec.name(), stopped);
      return ofRevision.isEmpty() ? null : ofRevision;
    });
  }

  /**
   * Stops the replicas a previous run of the server recorded and left running: those whose pid is
   * alive and whose process started at the recorded instant (a pid the system has reused since
   * belongs to another process, which is left alone). Call it before starting replicas.
   *
   * @return the pids of the processes stopped
   */
  public List<Long> reapOrphans() {
    List<Path> files;
    try (Stream<Path> listing = Files.list(pidDirectory)) {
      files = listing.filter(f -> f.getFileName().toString().endsWith(".pid")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the pid files in " + pidDirectory, e);
    }
    List<CompletableFuture<Long>> reaping = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
      if (replicas.containsKey(name)) {
        continue;
      }
      orphan(file).ifPresent(process -> {
        log.info("Stopping replica {} (pid {}), left running by a previous run", name,
            process.pid());
        reaping.add(terminate(process));
      });
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("Cannot delete the pid file {}: {}", file, e.toString());
      }
    }
    return reaping.stream().map(CompletableFuture::join).toList();
  }

  /** Stops every replica, all at once, and waits until they are gone. */
  @Override
  public void close() {
    CompletableFuture<Void> done;
    boolean first;
    synchronized (this) {
      first = closed == null;
      if (first) {
        closed = new CompletableFuture<>();
      }
      done = closed;
    }
    if (!first) {
      done.join();
      return;
    }
    try {
      awaitStops();
    } finally {
      scheduler.shutdownNow();
      events.shutdown();
      awaitEvents();
      prober.close();
      removeShutdownHook();
      done.complete(null);
    }
  }

  private void awaitStops() {
    CompletableFuture<?>[] stops =
        replicas.values().stream().map(SupervisedReplica::stop).toArray(CompletableFuture[]::new);
    Duration limit = settings.stopGracePeriod().plus(KILL_TIMEOUT);
    try {
      CompletableFuture.allOf(stops).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("Replicas still running {} after they were asked to stop: {}", limit,
          replicas.keySet());
    } catch (ExecutionException e) {
      log.warn("Stopping the replicas failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitEvents() {
    try {
      if (!events.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("The replica listener did not take the last statuses within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: this is the hook, or it runs beside it.
    }
  }

  private static Optional<ProcessHandle> orphan(Path pidFile) {
    try {
      return PidRecord.read(pidFile)
          .flatMap(recorded -> ProcessHandle.of(recorded.pid()).filter(recorded::matches))
          .filter(process -> process.pid() != ProcessHandle.current().pid());
    } catch (IOException e) {
      log.warn("Cannot read the pid file {}: {}", pidFile, e.toString());
      return Optional.empty();
    }
  }

  private CompletableFuture<Long> terminate(ProcessHandle process) {
    process.destroy();
    return process
        .onExit()
        .completeOnTimeout(process, settings.stopGracePeriod().toMillis(), TimeUnit.MILLISECONDS)
        .thenCompose(p -> {
          if (!p.isAlive()) {
            return CompletableFuture.completedFuture(p);
          }
          SupervisedReplica.killTree(p);
          return p.onExit().completeOnTimeout(p, KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        })
        .thenApply(ProcessHandle::pid);
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
