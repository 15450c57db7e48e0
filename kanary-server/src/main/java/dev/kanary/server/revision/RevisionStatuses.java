package dev.kanary.server.revision;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionManager;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionStatus;
import dev.kanary.server.replica.ReplicaPhase;
import dev.kanary.server.replica.ReplicaStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A revision's status from its replicas, as Knative derives it from its deployment and pods.
 * Readiness is about whether the revision can serve at all: once it has been ready, losing its
 * replicas (scaled down, or one restarting after a crash) does not make it unready; that shows in
 * Active. Before it has been ready, a crashing replica or a missed progress deadline fails it.
 */
public final class RevisionStatuses {
  static final String NO_TRAFFIC_MESSAGE = "The target is not receiving traffic.";
  private static final int ERROR_LINES = 10;

  private RevisionStatuses() {}

  /**
   * @param replicas the revision's replicas as the supervisor reports them
   * @param storageError why its model could not be fetched, if it could not
   * @param desired the replica count it should run
   * @param deadlineExceeded never ready and past its progress deadline
   */
  public static RevisionStatus of(
      Revision revision,
      List<ReplicaStatus> replicas,
      Optional<String> storageError,
      int desired,
      boolean deadlineExceeded,
      Instant now) {
    RevisionStatus prior = revision.status();
    List<Condition> priorConditions = prior == null ? List.of() : prior.conditions();
    ConditionManager conditions =
        RevisionConditions.SET.manage(priorConditions, now).initialize();
    boolean everReady = hasBeenReady(revision);
    boolean failed = revision.readiness() == dev.kanary.core.condition.ConditionStatus.FALSE;
    long ready = replicas.stream().filter(ReplicaStatus::ready).count();
    Optional<ReplicaStatus> crashed = replicas.stream()
        .filter(r -> r.phase() == ReplicaPhase.CRASH_LOOP_BACK_OFF && r.lastExitCode().isPresent())
        .findFirst();

    if (storageError.isPresent()) {
      conditions.markFalse(RevisionStatus.RESOURCES_AVAILABLE, "StorageInitializerFailed",
          storageError.get());
    } else if (ready > 0) {
      conditions.markTrue(RevisionStatus.RESOURCES_AVAILABLE);
      conditions.markTrue(RevisionStatus.CONTAINER_HEALTHY);
    } else if (!everReady) {
      crashed.ifPresent(replica -> conditions.markFalse(RevisionStatus.CONTAINER_HEALTHY,
          "ExitCode" + replica.lastExitCode().getAsInt(),
          "Container failed with: " + errorLines(replica)));
      if (deadlineExceeded) {
        String lines = replicas.stream().map(RevisionStatuses::errorLines)
            .filter(s -> !s.isEmpty()).findFirst().map(s -> ": " + s).orElse("");
        conditions.markFalse(RevisionStatus.RESOURCES_AVAILABLE, "ProgressDeadlineExceeded",
            "Initial scale was never achieved" + lines);
      } else if (crashed.isEmpty() && !failed) {
        // A failure stays until a replica proves otherwise: Knative does not un-fail a revision.
        conditions.markUnknown(RevisionStatus.RESOURCES_AVAILABLE, "Deploying", null);
      }
    }

    if (ready > 0) {
      conditions.markTrue(RevisionConditions.ACTIVE);
    } else if (desired == 0) {
      conditions.markFalse(RevisionConditions.ACTIVE, "NoTraffic", NO_TRAFFIC_MESSAGE);
    } else {
      conditions.markUnknown(RevisionConditions.ACTIVE, "Activating",
          "waiting for " + desired + " replica(s) to pass readiness");
    }
    return new RevisionStatus(revision.metadata().generation(), conditions.conditions(),
        (int) ready, desired, prior == null ? null : prior.extra());
  }

  public static boolean hasBeenReady(Revision revision) {
    return revision.status() != null
        && revision.status().condition(RevisionStatus.RESOURCES_AVAILABLE)
            .map(Condition::isTrue).orElse(false);
  }

  /** The replica's last few log lines, which is where a model server says why it failed. */
  static String errorLines(ReplicaStatus replica) {
    List<String> lines = replica.lastLogLines().stream().filter(l -> !l.isBlank()).toList();
    List<String> tail = lines.subList(Math.max(0, lines.size() - ERROR_LINES), lines.size());
    return String.join("\n", tail);
  }
}
