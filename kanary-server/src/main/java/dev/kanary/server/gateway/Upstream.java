package dev.kanary.server.gateway;

import com.linecorp.armeria.client.WebClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * One replica as the gateway sees it across table rebuilds: its requests in flight, whether it is
 * being drained, and the client for its current port.
 *
 * <p>A request counts itself in before it checks for a drain, and a drain is marked before it
 * looks at the count, so a drain never misses a request that got through (the atomics are
 * sequentially consistent).
 */
final class Upstream {
  private final String replica;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile CompletableFuture<Void> drained;
  private volatile PortClient client;

  private record PortClient(int port, WebClient client) {}

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

  WebClient client(int port, IntFunction<WebClient> clients) {
    PortClient current = client;
    if (current == null || current.port() != port) {
      current = new PortClient(port, clients.apply(port));
      client = current;
    }
    return current.client();
  }
}
