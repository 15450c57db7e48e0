package dev.kanary.server.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The exchanges under way, so that closing lets them finish. Counted per thread (every event
 * loop counts its own), as a shared counter would be contended on every request; closing polls.
 */
final class ActiveExchanges {
  private static final long POLL_MILLIS = 20;

  private final LongAdder count = new LongAdder();
  private volatile boolean closing;

  void begin() {
    count.increment();
  }

  void end() {
    count.decrement();
  }

  boolean closing() {
    return closing;
  }

  /** From now on, completes once no exchange is under way. */
  CompletableFuture<Void> close() {
    closing = true;
    CompletableFuture<Void> idle = new CompletableFuture<>();
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "kanary-gateway-close");
      thread.setDaemon(true);
      return thread;
    });
    poller.scheduleWithFixedDelay(() -> {
      if (count.sum() == 0) {
        idle.complete(null);
      }
    }, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    idle.whenComplete((ok, error) -> poller.shutdownNow());
    return idle;
  }
}
