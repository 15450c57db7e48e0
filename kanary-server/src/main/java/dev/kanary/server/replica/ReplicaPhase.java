package dev.kanary.server.replica;

/** Where a replica is in its life; whether it takes traffic is {@link ReplicaStatus#ready()}. */
public enum ReplicaPhase {
  /** Its process runs and has not passed its readiness probe yet. */
  STARTING,
  /**
   * Its process runs and has passed its readiness probe since it started; it may have failed the
   * probe since, which {@link ReplicaStatus#ready()} tells.
   */
  READY,
  /** Its process exited (or could not start) unasked; it is restarted after a back-off. */
  CRASH_LOOP_BACK_OFF,
  /** A stop was asked: SIGTERM sent, SIGKILL after the grace period. */
  STOPPING,
  /** Its process is gone for good; the supervisor forgets it. */
  STOPPED
}
