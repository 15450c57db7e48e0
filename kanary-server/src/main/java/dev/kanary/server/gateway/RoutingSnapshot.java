package dev.kanary.server.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A route table bound to what picking needs: each route's round-robin and each revision's
 * replicas. A request takes one snapshot and resolves against it alone. A round-robin survives a
 * rebuild as long as its route's split is the same, so that the split stays exact across changes
 * that do not touch it (a replica becoming ready, another Service's update).
 */
final class RoutingSnapshot {
  private final RouteTable table;
  private final Map<String, Split> splits;
  private final Map<RevisionId, Replicas> replicas;
  private final CompletableFuture<RoutingSnapshot> successor = new CompletableFuture<>();

  private RoutingSnapshot(
      RouteTable table, Map<String, Split> splits, Map<RevisionId, Replicas> replicas) {
    this.table = table;
    this.splits = splits;
    this.replicas = replicas;
  }

  static RoutingSnapshot empty(String domain) {
    return new RoutingSnapshot(RouteTable.empty(domain), Map.of(), Map.of());
  }

  /** The snapshot of {@code next}, keeping this one's round-robins where splits did not change. */
  RoutingSnapshot next(RouteTable next, Upstreams upstreams) {
    Map<String, Split> nextSplits = new HashMap<>();
    Stream.concat(next.paths().values().stream(), next.hosts().values().stream()
            .map(HostRoute::route))
        .filter(route -> !route.split().isEmpty())
        .forEach(route -> nextSplits.computeIfAbsent(route.id(), id -> {
          Split kept = splits.get(id);
          return kept != null && kept.weights.equals(route.split())
              ? kept
              : new Split(route.split());
        }));
    Map<RevisionId, Replicas> nextReplicas = new HashMap<>();
    next.backends().forEach((id, backend) -> nextReplicas.put(id, new Replicas(backend,
        backend.ready().stream().map(e -> upstreams.get(e.replica())).toArray(Upstream[]::new))));
    return new RoutingSnapshot(next, Map.copyOf(nextSplits), Map.copyOf(nextReplicas));
  }

  RouteTable table() {
    return table;
  }

  /** Completes with the snapshot that replaces this one. */
  CompletableFuture<RoutingSnapshot> successor() {
    return successor;
  }

  void replacedBy(RoutingSnapshot next) {
    successor.complete(next);
  }

  /**
   * The revision of the route's split for this request: by the sticky key when the route has one
   * and the request carries it, else the next in the round-robin. Empty while the route has no
   * split yet.
   */
  Optional<String> pick(Route route, StickyKey.Headers headers) {
    Split split = splits.get(route.id());
    if (split == null) {
      return Optional.empty();
    }
    Optional<String> key = route.sticky().flatMap(sticky -> sticky.valueIn(headers));
    int index = key.isPresent()
        ? WeightedRendezvous.pick(key.get(), split.names, split.percents)
        : split.roundRobin.next();
    return Optional.of(split.names.get(index));
  }

  /**
   * Takes a ready replica of the revision (least outstanding of two), counting the request in;
   * null when there is none but those in {@code excluded} or suspected.
   */
  Lease acquire(RevisionId revision, Set<Backend.Endpoint> excluded) {
    Replicas set = replicas.get(revision);
    return set == null ? null : set.acquire(excluded);
  }

  /** A request's hold on one replica; {@link #release()} once its exchange is over. */
  record Lease(Upstream upstream, Backend.Endpoint endpoint) {
    void release() {
      upstream.release();
    }
  }

  private static final class Split {
    final List<WeightedRevision> weights;
    final List<String> names;
    final long[] percents;
    final SmoothWeightedRoundRobin roundRobin;

    Split(List<WeightedRevision> weights) {
      this.weights = weights;
      this.names = weights.stream().map(WeightedRevision::revision).toList();
      this.percents = weights.stream().mapToLong(WeightedRevision::percent).toArray();
      this.roundRobin = new SmoothWeightedRoundRobin(percents);
    }
  }

  private static final class Replicas {
    final Backend.Endpoint[] endpoints;
    final Upstream[] upstreams;

    Replicas(Backend backend, Upstream[] upstreams) {
      this.endpoints = backend.ready().toArray(Backend.Endpoint[]::new);
      this.upstreams = upstreams;
    }

    Lease acquire(Set<Backend.Endpoint> excluded) {
      int[] candidates = new int[endpoints.length];
      int count = 0;
      for (int i = 0; i < endpoints.length; i++) {
        if (!excluded.contains(endpoints[i]) && !upstreams[i].suspected()) {
          candidates[count++] = i;
        }
      }
      while (count > 0) {
        int[] pool = candidates;
        int chosen = LeastOutstanding.choose(count, c -> upstreams[pool[c]].inFlight(),
            ThreadLocalRandom.current());
        int index = candidates[chosen];
        if (upstreams[index].tryAcquire()) {
          return new Lease(upstreams[index], endpoints[index]);
        }
        candidates[chosen] = candidates[--count];
      }
      return null;
    }
  }
}
