package dev.kanary.server.controller;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * client-go's rate-limited work queue: a key waits in the queue at most once however many times
 * it is added; a key being processed is not handed to a second worker, and if it was added
 * meanwhile it is queued again when the first worker is done; failures delay the retry with a
 * capped exponential back-off until {@link #forget} resets it.
 */
public final class WorkQueue<K> implements AutoCloseable {
  private final Backoff backoff;
  private final ScheduledExecutorService timers;
  private final ArrayDeque<K> queue = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final Map<K, Integer> failures = new HashMap<>();
  private boolean shuttingDown;

  public WorkQueue(String name, Backoff backoff) {
    this.backoff = backoff;
    this.timers = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name(name + "-queue-timer").factory());
  }

  public synchronized void add(K key) {
    if (shuttingDown || !dirty.add(key)) {
      return;
    }
    if (!processing.contains(key)) {
      queue.addLast(key);
      notifyAll();
    }
  }

  public void addAfter(K key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    synchronized (this) {
      if (shuttingDown) {
        return;
      }
    }
    timers.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Adds the key after the back-off its consecutive failures call for. */
  public void addRateLimited(K key) {
    int count;
    synchronized (this) {
      count = failures.merge(key, 1, Integer::sum);
    }
    addAfter(key, backoff.delay(count));
  }

  /** Clears the key's failure count after a success. */
  public synchronized void forget(K key) {
    failures.remove(key);
  }

  public synchronized int failures(K key) {
    return failures.getOrDefault(key, 0);
  }

  /** Blocks until a key is ready, or returns empty once the queue is shut down. */
  public synchronized Optional<K> take() throws InterruptedException {
    while (queue.isEmpty() && !shuttingDown) {
      wait();
    }
    if (shuttingDown) {
      return Optional.empty();
    }
    K key = queue.removeFirst();
    dirty.remove(key);
    processing.add(key);
    return Optional.of(key);
  }

  /** Marks the key processed; if it was added meanwhile it goes back in the queue. */
  public synchronized void done(K key) {
    processing.remove(key);
    if (dirty.contains(key) && !shuttingDown) {
      queue.addLast(key);
      notifyAll();
    }
  }

  public synchronized int length() {
    return queue.size();
  }

  @Override
  public void close() {
    synchronized (this) {
      shuttingDown = true;
      notifyAll();
    }
    timers.shutdownNow();
  }
}
