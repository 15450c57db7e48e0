package dev.kanary.server.revision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionStatus;
import dev.kanary.server.replica.ReplicaPhase;
import dev.kanary.server.replica.ReplicaStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Revision conditions from replicas, as Knative derives them from its deployment. */
class RevisionStatusesTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void startingReplicasLeaveTheRevisionDeploying() {
    RevisionStatus status = RevisionStatuses.of(revision(null), List.of(replica(
        ReplicaPhase.STARTING, false, OptionalInt.empty())), Optional.empty(), 1, false, NOW);

    assertThat(condition(status, RevisionStatus.READY).status()).isEqualTo(ConditionStatus.UNKNOWN);
    assertThat(condition(status, RevisionStatus.RESOURCES_AVAILABLE).reason())
        .isEqualTo("Deploying");
    assertThat(condition(status, RevisionConditions.ACTIVE).reason()).isEqualTo("Activating");
    assertThat(status.desiredReplicas()).isEqualTo(1);
    assertThat(status.actualReplicas()).isZero();
  }

  @Test
  void aReadyReplicaMakesTheRevisionReadyAndActive() {
    RevisionStatus status = RevisionStatuses.of(revision(null),
        List.of(replica(ReplicaPhase.READY, true, OptionalInt.empty())), Optional.empty(), 1,
        false, NOW);

    assertThat(condition(status, RevisionStatus.READY).isTrue()).isTrue();
    assertThat(condition(status, RevisionConditions.ACTIVE).isTrue()).isTrue();
    assertThat(status.actualReplicas()).isEqualTo(1);
    assertThat(status.observedGeneration()).isEqualTo(1L);
  }

  @Test
  void aCrashBeforeReadyFailsTheRevisionWithTheReplicasLastLines() {
    RevisionStatus status = RevisionStatuses.of(revision(null),
        List.of(replica(ReplicaPhase.CRASH_LOOP_BACK_OFF, false, OptionalInt.of(1))),
        Optional.empty(), 1, false, NOW);

    Condition ready = condition(status, RevisionStatus.READY);
    assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
    assertThat(ready.reason()).isEqualTo("ExitCode1");
    assertThat(ready.message())
        .isEqualTo("Container failed with: loading model\nno model.onnx in /models/x");
  }

  @Test
  void aMissedProgressDeadlineFailsTheRevision() {
    RevisionStatus status = RevisionStatuses.of(revision(null), List.of(), Optional.empty(), 0,
        true, NOW);

    Condition ready = condition(status, RevisionStatus.READY);
    assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
    assertThat(ready.reason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(ready.message()).startsWith("Initial scale was never achieved");
  }

  @Test
  void aStorageFailureNamesTheCause() {
    RevisionStatus status = RevisionStatuses.of(revision(null), List.of(),
        Optional.of("cannot fetch model from http://h/m.onnx: HTTP 404"), 1, false, NOW);

    Condition ready = condition(status, RevisionStatus.READY);
    assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
    assertThat(ready.reason()).isEqualTo("StorageInitializerFailed");
    assertThat(ready.message()).isEqualTo("cannot fetch model from http://h/m.onnx: HTTP 404");
  }

  @Test
  void onceReadyLosingReplicasKeepsItReadyButInactive() {
    RevisionStatus wasReady = RevisionStatuses.of(revision(null),
        List.of(replica(ReplicaPhase.READY, true, OptionalInt.empty())), Optional.empty(), 1,
        false, NOW);

    RevisionStatus scaledDown = RevisionStatuses.of(revision(wasReady), List.of(),
        Optional.empty(), 0, false, NOW);
    assertThat(condition(scaledDown, RevisionStatus.READY).isTrue()).isTrue();
    assertThat(condition(scaledDown, RevisionConditions.ACTIVE))
        .extracting(Condition::status, Condition::reason)
        .containsExactly(ConditionStatus.FALSE, "NoTraffic");

    RevisionStatus crashed = RevisionStatuses.of(revision(wasReady),
        List.of(replica(ReplicaPhase.CRASH_LOOP_BACK_OFF, false, OptionalInt.of(137))),
        Optional.empty(), 1, false, NOW);
    assertThat(condition(crashed, RevisionStatus.READY).isTrue()).isTrue();
    assertThat(condition(crashed, RevisionConditions.ACTIVE).status())
        .isEqualTo(ConditionStatus.UNKNOWN);
  }

  private static Condition condition(RevisionStatus status, String type) {
    return status.condition(type).orElseThrow();
  }

  private static Revision revision(RevisionStatus status) {
    return new Revision(Revision.API_VERSION, Revision.KIND,
        ObjectMeta.of("ns", "svc-00001").withSystemFields("uid", 1L, "1", NOW), null, status,
        null);
  }

  private static ReplicaStatus replica(ReplicaPhase phase, boolean ready, OptionalInt exit) {
    return new ReplicaStatus("ns.svc-00001-deployment-x", "ns/svc-00001", phase, ready, 1234, 0,
        OptionalLong.of(42), exit.isPresent() ? 1 : 0, NOW, exit,
        List.of("", "loading model", "no model.onnx in /models/x"),
        "", "");
  }
}
