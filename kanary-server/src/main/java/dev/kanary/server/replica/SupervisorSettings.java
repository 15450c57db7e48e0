package dev.kanary.server.replica;

import java.time.Duration;

/**
 * How a {@link ReplicaSupervisor} restarts, stops and probes its replicas.
 *
 * @param backOff the wait before restarting a crashed replica
 * @param backOffReset how long a replica must have been ready for its next crash to start a new
 *     back-off series
 * @param stopGracePeriod how long a replica may take to stop after SIGTERM before it is killed
 * @param startupProbeInterval how often a replica is probed until it is ready for the first time
 * @param logLines how many of its last log lines a status carries
 */
public record SupervisorSettings(
    RestartBackOff backOff,
    Duration backOffReset,
    Duration stopGracePeriod,
    Duration startupProbeInterval,
    int logLines) {
  /**
   * The kubelet's back-off, doubling up to 5 min, but from 1 s rather than 10 s as a replica starts
   * in about a second. The kubelet starts a new series after 10 min of running; here 60 s of
   * readiness is enough: a replica that loaded its model and served for a minute is out of its
   * start-up crash loop, and after a later crash it should come back at once, not after a wait
   * that would leave its revision down for minutes.
   */
  public static SupervisorSettings defaults() {
    return new SupervisorSettings(
        new RestartBackOff(Duration.ofSeconds(1), Duration.ofMinutes(5)),
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        Duration.ofMillis(100),
        20);
  }

  public SupervisorSettings {
    if (backOff == null) {
      throw new IllegalArgumentException("backOff is required");
    }
    requireNotNegative(backOffReset, "backOffReset");
    requireNotNegative(stopGracePeriod, "stopGracePeriod");
    requireNotNegative(startupProbeInterval, "startupProbeInterval");
    if (logLines < 0) {
      throw new IllegalArgumentException("logLines must not be negative; got " + logLines);
    }
  }

  private static void requireNotNegative(Duration duration, String field) {
    if (duration == null || duration.isNegative()) {
      throw new IllegalArgumentException(
          field + " must be a duration of 0 or more; got " + duration);
    }
  }
}
