package dev.kanary.server.controller;

import dev.kanary.server.store.ObjectKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one reconciler: worker threads take keys from a {@link WorkQueue}, so one key is never
 * reconciled by two workers at once; a failure retries with back-off; every {@code resync} all
 * keys are enqueued again, which heals anything an event could not tell (a clock passing a grace
 * period, a process that changed state between two events).
 */
public final class Controller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Controller.class);

  private final String name;
  private final Reconciler reconciler;
  private final WorkQueue<ObjectKey> queue;
  private final int workers;
  private final Duration resync;
  private final Supplier<List<ObjectKey>> allKeys;
  private final List<Thread> threads = new ArrayList<>();
  private final ScheduledExecutorService resyncTimer;

  public Controller(
      String name,
      Reconciler reconciler,
      int workers,
      Backoff backoff,
      Duration resync,
      Supplier<List<ObjectKey>> allKeys) {
    this.name = name;
    this.reconciler = reconciler;
    this.queue = new WorkQueue<>(name, backoff);
    this.workers = workers;
    this.resync = resync;
    this.allKeys = allKeys;
    this.resyncTimer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name(name + "-resync").factory());
  }

  public void enqueue(ObjectKey key) {
    queue.add(key);
  }

  public void enqueueAfter(ObjectKey key, Duration delay) {
    queue.addAfter(key, delay);
  }

  public synchronized void start() {
    allKeys.get().forEach(queue::add);
    for (int i = 0; i < workers; i++) {
      Thread thread = Thread.ofPlatform().name(name + "-worker-" + i).daemon().start(this::work);
      threads.add(thread);
    }
    long period = resync.toMillis();
    resyncTimer.scheduleAtFixedRate(
        () -> allKeys.get().forEach(queue::add), period, period, TimeUnit.MILLISECONDS);
  }

  private void work() {
    while (true) {
      Optional<ObjectKey> next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (next.isEmpty()) {
        return;
      }
      ObjectKey key = next.get();
      try {
        Result result = reconciler.reconcile(key);
        queue.forget(key);
        result.requeueAfter().ifPresent(delay -> queue.addAfter(key, delay));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        int failures = queue.failures(key) + 1;
        if (failures <= 3) {
          log.debug("{}: reconcile of {} failed, retrying: {}", name, key, e.toString());
        } else {
          log.warn("{}: reconcile of {} failed {} times in a row", name, key, failures, e);
        }
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  }

  @Override
  public void close() {
    resyncTimer.shutdownNow();
    queue.close();
    for (Thread thread : threads) {
      thread.interrupt();
    }
    for (Thread thread : threads) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
