package dev.kanary.server.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica as the gateway sees it across table rebuilds: its requests in flight, whether it is
 * being drained, and whether it is suspected of being gone.
 *
 * <p>A request counts itself in before it checks for a drain, and a drain is marked before it
 * looks at the count, so a drain never misses a request that got through (the atomics are
 * sequentially consistent).
 */
final class Upstream {
  private final String replica;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile CompletableFuture<Void> drained;
  private volatile long suspectUntil;
  private volatile boolean suspected;

  Upstream(String replica) {
    this.replica = replica;
  }

  String replica() {
    return replica;
  }

  /** Counts a request in; false when the replica is being drained. */
  boolean tryAcquire() {
    inFlight.incrementAndGet();
    if (drained != null) {
      release();
      return false;
    }
    return true;
  }

  void release() {
    if (inFlight.decrementAndGet() == 0) {
      CompletableFuture<Void> drain = drained;
      if (drain != null) {
        drain.complete(null);
      }
    }
  }

  int inFlight() {
    return inFlight.get();
  }

  /**
   * Its connection failed under a request: it is probably gone (killed, crashed), and until the
   * supervisor says more, or {@code nanos} pass, requests should go elsewhere or wait.
   *
   * @return whether it was not suspected already
   */
  boolean suspect(long nanos) {
    boolean fresh = !suspected();
    suspectUntil = System.nanoTime() + nanos;
    suspected = true;
    return fresh;
  }

  boolean suspected() {
    return suspected && System.nanoTime() - suspectUntil < 0;
  }

  /** The supervisor reported on it: its status is news again. */
  void clearSuspicion() {
    suspected = false;
  }

  boolean draining() {
    return drained != null;
  }

  /** Takes no more requests; completes when those in flight are done. */
  synchronized CompletableFuture<Void> drain() {
    if (drained == null) {
      drained = new CompletableFuture<>();
      if (inFlight.get() == 0) {
        drained.complete(null);
      }
    }
    return drained;
  }
}
