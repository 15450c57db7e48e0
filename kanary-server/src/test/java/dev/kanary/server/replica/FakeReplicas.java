package dev.kanary.server.replica;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** {@link FakeReplicaMain} as a replica, and what tests need around it. */
final class FakeReplicas {
  /** Only the test classes: a short classpath starts fast. */
  static final Path TEST_CLASSES = testClasses();

  static final ReadinessProbe PROBE =
      new ReadinessProbe("/v2/health/ready", Duration.ofMillis(100), Duration.ofSeconds(1), 2);

  private FakeReplicas() {}

  static ReplicaSpec spec(Path dir, String name, Map<String, String> environment) {
    return new ReplicaSpec(
        name,
        "rev-00001",
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-cp",
            TEST_CLASSES.toString(),
            FakeReplicaMain.class.getName(),
            "--port={{.Port}}"),
        environment,
        dir,
        dir.resolve("logs").resolve(name + ".log"),
        PROBE);
  }

  /** Quick back-off, probes and grace, for tests. */
  static SupervisorSettings settings(Duration stopGracePeriod) {
    return new SupervisorSettings(
        new RestartBackOff(Duration.ofMillis(50), Duration.ofMillis(400)),
        Duration.ofHours(1),
        stopGracePeriod,
        Duration.ofMillis(20),
        20);
  }

  /** A listener that keeps every status it is told. */
  static final class Events implements Consumer<ReplicaStatus> {
    private final List<ReplicaStatus> statuses = new CopyOnWriteArrayList<>();

    @Override
    public void accept(ReplicaStatus status) {
      statuses.add(status);
    }

    List<ReplicaStatus> all() {
      return List.copyOf(statuses);
    }

    List<ReplicaPhase> phases(String name) {
      return statuses.stream()
          .filter(s -> s.name().equals(name))
          .map(ReplicaStatus::phase)
          .toList();
    }

    /** Waits for the first status that matches. */
    ReplicaStatus await(String what, Predicate<ReplicaStatus> wanted) {
      return Awaitility.await(what)
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> statuses.stream().filter(wanted).findFirst(), found -> found.isPresent())
          .orElseThrow();
    }
  }

  private static Path testClasses() {
    try {
      return Path.of(
          FakeReplicaMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
