package dev.kanary.server.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The gateway's {@link Upstream}s by replica name. */
final class Upstreams {
  private final ConcurrentHashMap<String, Upstream> byReplica = new ConcurrentHashMap<>();

  Upstream get(String replica) {
    return byReplica.computeIfAbsent(replica, Upstream::new);
  }

  Set<String> draining() {
    return byReplica.values().stream()
        .filter(Upstream::draining)
        .map(Upstream::replica)
        .collect(Collectors.toUnmodifiableSet());
  }

  void clearSuspicion(String replica) {
    Upstream upstream = byReplica.get(replica);
    if (upstream != null) {
      upstream.clearSuspicion();
    }
  }

  /** Drops the replica (it stopped); a drain still waiting on it is over. */
  void forget(String replica) {
    Upstream gone = byReplica.remove(replica);
    if (gone != null) {
      gone.drain().complete(null);
    }
  }

  /** Drops the idle replicas that are no longer running and no drain waits for. */
  void retainOnly(Set<String> running) {
    byReplica.values().removeIf(u -> !running.contains(u.replica()) && !u.draining()
        && u.inFlight() == 0);
  }
}
