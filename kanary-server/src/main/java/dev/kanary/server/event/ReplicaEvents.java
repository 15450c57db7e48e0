package dev.kanary.server.event;

import dev.kanary.server.replica.ReplicaStatus;

/**
 * The kubelet's events for a replica, which the API shows as a Pod: started, ready, backing off
 * after a crash, stopping.
 */
public final class ReplicaEvents {
  static final String SOURCE = "replica-supervisor";
  /** The container name KServe gives a predictor's model server. */
  static final String CONTAINER = "kserve-container";

  private ReplicaEvents() {}

  /** Records the replica's new phase; call it when the phase changes. */
  public static void record(EventRecorder recorder, ReplicaStatus replica) {
    InvolvedObject pod = pod(replica);
    switch (replica.phase()) {
      case STARTING -> recorder.normal(pod, "Started", "Started container " + CONTAINER
          + " on port " + replica.port()
          + (replica.pid().isPresent() ? " (pid " + replica.pid().getAsLong() + ")" : ""), SOURCE);
      case READY -> recorder.normal(pod, "Ready", "Readiness probe passed", SOURCE);
      case CRASH_LOOP_BACK_OFF -> recorder.warning(pod, "BackOff",
          "Back-off restarting failed container " + CONTAINER
              + (replica.lastExitCode().isPresent()
                  ? " (exit code " + replica.lastExitCode().getAsInt() + ")" : ""), SOURCE);
      case STOPPING -> recorder.normal(pod, "Killing", "Stopping container " + CONTAINER, SOURCE);
      case STOPPED -> { }
    }
  }

  /**
   * The Pod a replica is shown as. The supervisor names a replica {@code {namespace}.{pod}} and
   * its revision {@code {namespace}/{revision}}.
   */
  public static InvolvedObject pod(ReplicaStatus replica) {
    String namespace = namespaceOf(replica);
    String name = replica.name().startsWith(namespace + ".")
        ? replica.name().substring(namespace.length() + 1)
        : replica.name();
    return InvolvedObject.pod(namespace, name);
  }

  static String namespaceOf(ReplicaStatus replica) {
    int slash = replica.revision().indexOf('/');
    return slash < 0 ? "" : replica.revision().substring(0, slash);
  }
}
