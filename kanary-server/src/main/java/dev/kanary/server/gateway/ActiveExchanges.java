package dev.kanary.server.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** The exchanges under way, so that closing lets them finish. */
final class ActiveExchanges {
  private final AtomicInteger count = new AtomicInteger();
  private final CompletableFuture<Void> idleWhenClosing = new CompletableFuture<>();
  private volatile boolean closing;

  void begin() {
    count.incrementAndGet();
  }

  void end() {
    if (count.decrementAndGet() == 0 && closing) {
      idleWhenClosing.complete(null);
    }
  }

  boolean closing() {
    return closing;
  }

  /** From now on, completes once no exchange is under way. */
  CompletableFuture<Void> close() {
    closing = true;
    if (count.get() == 0) {
      idleWhenClosing.complete(null);
    }
    return idleWhenClosing;
  }
}
