package dev.kanary.server.replica;

import static dev.kanary.server.replica.FakeReplicas.settings;
import static dev.kanary.server.replica.FakeReplicas.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kanary.server.replica.FakeReplicas.Events;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicaSupervisorTest {
  @TempDir Path dir;

  private final Events events = new Events();
  private ReplicaSupervisor supervisor;

  @AfterEach
  void closeSupervisor() {
    if (supervisor != null) {
      supervisor.close();
    }
  }

  private ReplicaSupervisor supervisor(Duration stopGracePeriod) {
    supervisor = new ReplicaSupervisor(dir.resolve("run"), events, settings(stopGracePeriod));
    return supervisor;
  }

  private ReplicaStatus startReady(ReplicaSpec spec) {
    supervisor.start(spec);
    return events.await(spec.name() + " ready", s -> s.name().equals(spec.name()) && s.ready());
  }

  @Test
  void aStartedReplicaBecomesReadyOnItsPortWithThePortSubstituted() throws IOException {
    supervisor(Duration.ofSeconds(30));
    ReplicaSpec spec = spec(dir, "a", Map.of());

    ReplicaStatus starting = supervisor.start(spec);
    ReplicaStatus ready = events.await("ready", ReplicaStatus::ready);

    assertThat(starting.phase()).isEqualTo(ReplicaPhase.STARTING);
    assertThat(starting.ready()).isFalse();
    assertThat(ready.phase()).isEqualTo(ReplicaPhase.READY);
    assertThat(ready.port()).isEqualTo(starting.port()).isPositive();
    assertThat(ready.grpcPort()).isZero();
    assertThat(ready.pid()).isEqualTo(starting.pid()).isPresent();
    assertThat(ProcessHandle.of(ready.pid().getAsLong())).hasValueSatisfying(
        p -> assertThat(p.isAlive()).isTrue());
    assertThat(ready.restarts()).isZero();
    assertThat(ready.lastExitCode()).isEmpty();
    assertThat(ready.revision()).isEqualTo("rev-00001");
    assertThat(events.phases("a")).containsExactly(ReplicaPhase.STARTING, ReplicaPhase.READY);
    assertThat(supervisor.status("a")).hasValueSatisfying(s -> assertThat(s.ready()).isTrue());
    assertThat(supervisor.replicas()).extracting(ReplicaStatus::name).containsExactly("a");
    String log = Files.readString(spec.logFile());
    assertThat(log)
        .contains("kanary: starting replica a of revision rev-00001 on port " + ready.port())
        .contains("on port " + ready.port() + ", args [--port=" + ready.port() + "]")
        .contains("supervisor " + ProcessHandle.current().pid())
        .contains("fake replica: this line goes to stderr");
    assertThat(ready.lastLogLines())
        .anyMatch(line -> line.contains("on port " + ready.port()))
        .contains("fake replica: this line goes to stderr")
        .noneMatch(line -> line.startsWith("kanary: starting"));
  }

  @Test
  void theGrpcPortIsPickedWhenTheCommandAsksForIt() {
    supervisor(Duration.ofSeconds(30));
    ReplicaStatus ready = startReady(spec(dir, "g", Map.of("GRPC", "{{.GrpcPort}}")));

    assertThat(ready.grpcPort()).isPositive().isNotEqualTo(ready.port());
  }

  @Test
  void startingARunningReplicaAgainReturnsItsStatus() {
    supervisor(Duration.ofSeconds(30));
    ReplicaStatus ready = startReady(spec(dir, "a", Map.of()));

    ReplicaStatus again = supervisor.start(spec(dir, "a", Map.of()));

    assertThat(again.pid()).isEqualTo(ready.pid());
    assertThat(again.port()).isEqualTo(ready.port());
    assertThatThrownBy(() -> supervisor.start(spec(dir, "a", Map.of("OTHER", "1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replica a already runs with another spec; stop it before starting it with a"
            + " new one");
  }

  @Test
  void aCrashGoesToCrashLoopBackOffWithItsExitCodeAndLastLinesThenRestartsOnANewPort() {
    supervisor(Duration.ofSeconds(30));
    supervisor.start(spec(dir, "c", Map.of(
        "FAKE_CRASH_AFTER_MS", "300", "FAKE_EXIT_CODE", "3", "FAKE_LOG_LINES", "30")));
    ReplicaStatus first = events.await("starting", s -> s.phase() == ReplicaPhase.STARTING);

    ReplicaStatus crashed =
        events.await("crashed", s -> s.phase() == ReplicaPhase.CRASH_LOOP_BACK_OFF);
    ReplicaStatus restarted = events.await("restarted",
        s -> s.phase() == ReplicaPhase.STARTING && s.restarts() == 1);

    assertThat(crashed.ready()).isFalse();
    assertThat(crashed.pid()).isEmpty();
    assertThat(crashed.lastExitCode()).hasValue(3);
    assertThat(crashed.restarts()).isEqualTo(1);
    assertThat(crashed.reason()).isEqualTo("CrashLoopBackOff");
    assertThat(crashed.message())
        .isEqualTo("replica c exited with code 3; back-off 0.05s before restart 1");
    assertThat(crashed.lastLogLines()).hasSize(20).endsWith(
        "fake replica: log line 29",
        "fake replica: log line 30",
        "fake replica: crashing with exit code 3");
    assertThat(restarted.port()).isNotEqualTo(first.port());
    assertThat(restarted.pid()).isPresent().isNotEqualTo(first.pid());
    assertThat(restarted.lastExitCode()).hasValue(3);
    assertThat(restarted.lastLogLines()).noneMatch(line -> line.contains("log line"));
  }

  @Test
  void aReplicaKilledFromOutsideIsRestarted() {
    supervisor(Duration.ofSeconds(30));
    ReplicaStatus ready = startReady(spec(dir, "k", Map.of()));

    ProcessHandle.of(ready.pid().getAsLong()).orElseThrow().destroyForcibly();

    ReplicaStatus again = events.await("ready again", s -> s.ready() && s.restarts() == 1);
    assertThat(again.lastExitCode()).hasValue(137);
    assertThat(again.pid()).isNotEqualTo(ready.pid());
    assertThat(events.phases("k")).containsExactly(
        ReplicaPhase.STARTING, ReplicaPhase.READY, ReplicaPhase.CRASH_LOOP_BACK_OFF,
        ReplicaPhase.STARTING, ReplicaPhase.READY);
  }

  static Stream<Arguments> backOffResets() {
    return Stream.of(
        Arguments.of(Named.of("a replica ready long enough starts a new series", Duration.ZERO),
            List.of("0.05s", "0.05s")),
        Arguments.of(Named.of("a replica ready too briefly goes on with its series",
            Duration.ofHours(1)), List.of("0.05s", "0.1s")));
  }

  @ParameterizedTest
  @MethodSource("backOffResets")
  void theBackOffStartsOverOnceAReplicaWasReadyLongEnough(Duration reset, List<String> backOffs) {
    SupervisorSettings quick = settings(Duration.ofSeconds(30));
    supervisor = new ReplicaSupervisor(dir.resolve("run"), events, new SupervisorSettings(
        quick.backOff(), reset, quick.stopGracePeriod(), quick.startupProbeInterval(), 20));
    supervisor.start(spec(dir, "b", Map.of("FAKE_CRASH_AFTER_READY_MS", "300")));

    events.await("second crash",
        s -> s.phase() == ReplicaPhase.CRASH_LOOP_BACK_OFF && s.restarts() == 2);

    assertThat(events.phases("b")).startsWith(ReplicaPhase.STARTING, ReplicaPhase.READY,
        ReplicaPhase.CRASH_LOOP_BACK_OFF, ReplicaPhase.STARTING, ReplicaPhase.READY,
        ReplicaPhase.CRASH_LOOP_BACK_OFF);
    assertThat(events.all())
        .filteredOn(s -> s.phase() == ReplicaPhase.CRASH_LOOP_BACK_OFF)
        .extracting(s -> s.message().replaceAll(".*back-off (\\S+) .*", "$1"))
        .startsWith(backOffs.toArray(String[]::new));
  }

  @Test
  void replicasOfARevisionAreThoseStartedForIt() {
    supervisor(Duration.ofSeconds(30));
    ReplicaSpec first = spec(dir, "one", Map.of());
    ReplicaSpec other = spec(dir, "two", Map.of());
    startReady(first);
    startReady(new ReplicaSpec(other.name(), "rev-00002", other.command(), other.environment(),
        other.workingDirectory(), other.logFile(), other.readiness()));

    assertThat(supervisor.replicasOf("rev-00001")).extracting(ReplicaStatus::name)
        .containsExactly("one");
    assertThat(supervisor.replicasOf("rev-00002")).extracting(ReplicaStatus::name)
        .containsExactly("two");
    assertThat(supervisor.replicasOf("rev-00003")).isEmpty();

    supervisor.stop("one").join();

    assertThat(supervisor.replicasOf("rev-00001")).isEmpty();
    assertThat(supervisor.replicasOf("rev-00002")).extracting(ReplicaStatus::name)
        .containsExactly("two");
  }

  @Test
  void aCommandThatCannotStartIsInCrashLoopBackOff() {
    supervisor(Duration.ofSeconds(30));
    ReplicaSpec spec = spec(dir, "x", Map.of());
    supervisor.start(new ReplicaSpec("x", "rev-00001", List.of(dir.resolve("no-such").toString()),
        Map.of(), dir, spec.logFile(), spec.readiness()));

    ReplicaStatus crashed = events.await("second crash",
        s -> s.phase() == ReplicaPhase.CRASH_LOOP_BACK_OFF && s.restarts() == 2);

    assertThat(crashed.lastExitCode()).isEmpty();
    assertThat(crashed.message())
        .startsWith("replica x could not start " + dir.resolve("no-such") + ": ")
        .endsWith("; back-off 0.1s before restart 2");
  }

  @Test
  void stopSendsSigtermAndCompletesWhenTheProcessIsGone() throws Exception {
    supervisor(Duration.ofSeconds(30));
    ReplicaSpec spec = spec(dir, "s", Map.of());
    ReplicaStatus ready = startReady(spec);
    Path pidFile = dir.resolve("run").resolve("pids").resolve("s.pid");
    assertThat(PidRecord.read(pidFile)).hasValueSatisfying(
        r -> assertThat(r.pid()).isEqualTo(ready.pid().getAsLong()));

    supervisor.stop("s").get(10, TimeUnit.SECONDS);

    assertThat(ProcessHandle.of(ready.pid().getAsLong())).isEmpty();
    assertThat(Files.readString(spec.logFile())).contains("fake replica: SIGTERM received");
    assertThat(events.phases("s")).containsExactly(ReplicaPhase.STARTING, ReplicaPhase.READY,
        ReplicaPhase.STOPPING, ReplicaPhase.STOPPED);
    ReplicaStatus stopped = events.all().get(events.all().size() - 1);
    assertThat(stopped.lastExitCode()).hasValue(143);
    assertThat(stopped.pid()).isEmpty();
    assertThat(supervisor.status("s")).isEmpty();
    assertThat(pidFile).doesNotExist();
    assertThat(supervisor.stop("s")).isCompleted();
  }

  @Test
  void aReplicaThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
    supervisor(Duration.ofMillis(500));
    ReplicaSpec spec = spec(dir, "stubborn", Map.of("FAKE_IGNORE_SIGTERM", "true"));
    startReady(spec);
    Instant asked = Instant.now();

    supervisor.stop("stubborn").get(10, TimeUnit.SECONDS);

    assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(
        Duration.ofMillis(500));
    assertThat(Files.readString(spec.logFile())).contains("fake replica: SIGTERM received");
    ReplicaStatus stopped = events.await("stopped", s -> s.phase() == ReplicaPhase.STOPPED);
    assertThat(stopped.lastExitCode()).hasValue(137);
    assertThat(stopped.message()).isEqualTo("did not stop within 0.5s of SIGTERM; killed");
  }

  @Test
  void aCrashedReplicaStopsAtOnce() throws Exception {
    supervisor(Duration.ofSeconds(30));
    supervisor.start(spec(dir, "c", Map.of("FAKE_CRASH_AFTER_MS", "0")));
    events.await("crashed", s -> s.phase() == ReplicaPhase.CRASH_LOOP_BACK_OFF);

    supervisor.stop("c").get(10, TimeUnit.SECONDS);

    assertThat(supervisor.status("c")).isEmpty();
    assertThat(events.all().get(events.all().size() - 1).phase()).isEqualTo(ReplicaPhase.STOPPED);
  }

  @Test
  void closeStopsEveryReplicaAndRefusesNewOnes() {
    supervisor(Duration.ofSeconds(30));
    List<ReplicaStatus> ready = List.of("r1", "r2", "r3").stream()
        .map(name -> startReady(spec(dir, name, Map.of())))
        .toList();

    supervisor.close();

    assertThat(ready).allSatisfy(
        r -> assertThat(ProcessHandle.of(r.pid().getAsLong())).isEmpty());
    assertThat(supervisor.replicas()).isEmpty();
    assertThat(events.all()).filteredOn(s -> s.phase() == ReplicaPhase.STOPPED).hasSize(3);
    assertThatThrownBy(() -> supervisor.start(spec(dir, "late", Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the replica supervisor is closed; replica late cannot start");
  }

  @Test
  void failingReadinessProbesMakeAReplicaNotReadyWhileItKeepsRunning() throws IOException {
    supervisor(Duration.ofSeconds(30));
    Path unready = dir.resolve("unready");
    ReplicaStatus ready =
        startReady(spec(dir, "p", Map.of("FAKE_UNREADY_IF_EXISTS", unready.toString())));

    Files.createFile(unready);
    ReplicaStatus notReady = events.await("not ready", s -> s.restarts() == 0
        && s.phase() == ReplicaPhase.READY && !s.ready());
    Files.delete(unready);
    await().atMost(Duration.ofSeconds(10)).until(() -> events.phases("p").size() == 4);

    assertThat(notReady.reason()).isEqualTo("ReadinessProbeFailed");
    assertThat(notReady.message()).isEqualTo("readiness probe failed: HTTP status 503");
    assertThat(notReady.pid()).isEqualTo(ready.pid());
    assertThat(events.phases("p")).containsExactly(
        ReplicaPhase.STARTING, ReplicaPhase.READY, ReplicaPhase.READY, ReplicaPhase.READY);
    ReplicaStatus readyAgain = events.all().get(3);
    assertThat(readyAgain.ready()).isTrue();
    assertThat(readyAgain.pid()).isEqualTo(ready.pid());
    assertThat(readyAgain.reason()).isEmpty();
  }

  @Test
  void reapOrphansStopsRecordedLiveProcessesOnly() throws IOException {
    Path pids = dir.resolve("run").resolve("pids");
    Files.createDirectories(pids);
    Process orphan = new ProcessBuilder("sleep", "60").start();
    Process recycled = new ProcessBuilder("sleep", "60").start();
    Process gone = new ProcessBuilder("true").start();
    try {
      record(pids.resolve("orphan.pid"), PidRecord.of(orphan.toHandle()).orElseThrow());
      PidRecord real = PidRecord.of(recycled.toHandle()).orElseThrow();
      record(pids.resolve("recycled.pid"),
          new PidRecord(real.pid(), real.startedAt().minusSeconds(3600)));
      await().until(() -> !gone.isAlive());
      record(pids.resolve("gone.pid"), new PidRecord(gone.pid(), Instant.now()));
      Files.writeString(pids.resolve("garbage.pid"), "not a pid record");

      List<Long> reaped = supervisor(Duration.ofSeconds(5)).reapOrphans();

      assertThat(reaped).containsExactly(orphan.pid());
      assertThat(orphan.isAlive()).isFalse();
      assertThat(recycled.isAlive()).isTrue();
      try (var files = Files.list(pids)) {
        assertThat(files).isEmpty();
      }
    } finally {
      orphan.destroyForcibly();
      recycled.destroyForcibly();
    }
  }

  private static void record(Path file, PidRecord record) throws IOException {
    record.write(file);
  }
}
