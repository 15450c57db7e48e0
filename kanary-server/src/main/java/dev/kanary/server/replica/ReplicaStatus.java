package dev.kanary.server.replica;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A snapshot of one replica.
 *
 * @param port the HTTP port of its current (or last) process
 * @param grpcPort its gRPC port when its command asks for one ({@code {{.GrpcPort}}}), else 0
 * @param pid the pid of its running process; empty when none runs
 * @param restarts how many times it was restarted after a crash
 * @param startedAt when its current (or last) process was started
 * @param lastExitCode the exit code of its last process, once one has exited
 * @param lastLogLines the last lines its current (or last) process wrote to its log
 * @param reason a CamelCase word when something is wrong ({@code CrashLoopBackOff},
 *     {@code ReadinessProbeFailed}), else empty
 * @param message what happened, for people; empty when there is nothing to say
 */
public record ReplicaStatus(
    String name,
    String revision,
    ReplicaPhase phase,
    boolean ready,
    int port,
    int grpcPort,
    OptionalLong pid,
    int restarts,
    Instant startedAt,
    OptionalInt lastExitCode,
    List<String> lastLogLines,
    String reason,
    String message) {
  public static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
  public static final String READINESS_PROBE_FAILED = "ReadinessProbeFailed";

  public ReplicaStatus {
    lastLogLines = List.copyOf(lastLogLines);
  }
}
