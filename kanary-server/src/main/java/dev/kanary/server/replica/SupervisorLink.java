package dev.kanary.server.replica;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The tie from a replica to the server that supervises it: the supervisor gives each child its pid
 * in {@link #PID_ENV}, and a child that watches it stops when the supervisor is gone, even when
 * the supervisor was killed too hard to stop it (SIGKILL).
 */
public final class SupervisorLink {
  public static final String PID_ENV = "KANARY_SUPERVISOR_PID";

  private SupervisorLink() {}

  /**
   * The supervisor's pid from {@code environment}; empty when the process was not started by a
   * supervisor.
   *
   * @throws IllegalArgumentException when the variable is set but is not a pid
   */
  public static Optional<Long> supervisorPid(Map<String, String> environment) {
    String value = environment.get(PID_ENV);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      pid = 0;
    }
    if (pid <= 0) {
      throw new IllegalArgumentException(PID_ENV + "=" + value + " is not a process id; kanary's"
          + " replica supervisor sets it, unset it to run on its own");
    }
    return Optional.of(pid);
  }

  /**
   * Completes when process {@code pid} has ended, at once when it is already gone. The system only
   * tells a parent when its child ends, so for any other process this polls, every few seconds at
   * most.
   */
  public static CompletableFuture<Void> whenGone(long pid) {
    return ProcessHandle.of(pid)
        .map(process -> process.onExit().<Void>thenApply(p -> null))
        .orElseGet(() -> CompletableFuture.completedFuture(null));
  }
}
