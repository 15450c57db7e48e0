package dev.kanary.server.gateway;

import java.time.Duration;
import java.util.List;

/**
 * Where a revision's requests go: its ready replicas, and how long a request may take.
 *
 * @param timeout the revision's {@code spec.timeoutSeconds} (default 300 s)
 * @param ready the replicas that passed their readiness probe and are not being drained
 */
public record Backend(RevisionId revision, Duration timeout, List<Endpoint> ready) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

  public Backend {
    ready = List.copyOf(ready);
  }

  /** One replica on the loopback interface. */
  public record Endpoint(String replica, int port) {}
}
