package dev.kanary.server.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkQueueTest {

  @Test
  void aKeyAddedManyTimesWaitsOnce() throws Exception {
    try (WorkQueue<String> queue = new WorkQueue<>("t", Backoff.DEFAULT)) {
      queue.add("a");
      queue.add("b");
      queue.add("a");
      assertThat(queue.length()).isEqualTo(2);
      assertThat(queue.take()).contains("a");
      assertThat(queue.take()).contains("b");
    }
  }

  @Test
  void aKeyBeingProcessedIsNotHandedOutAgainUntilDone() throws Exception {
    try (WorkQueue<String> queue = new WorkQueue<>("t", Backoff.DEFAULT)) {
      queue.add("a");
      assertThat(queue.take()).contains("a");
      queue.add("a");
      assertThat(queue.length()).isZero();
      queue.done("a");
      assertThat(queue.length()).isEqualTo(1);
      assertThat(queue.take()).contains("a");
    }
  }

  @Test
  void failuresBackOffUntilForgotten() throws Exception {
    Backoff backoff = new Backoff(Duration.ofMillis(40), Duration.ofSeconds(1));
    try (WorkQueue<String> queue = new WorkQueue<>("t", backoff)) {
      queue.addRateLimited("a");
      queue.addRateLimited("a");
      assertThat(queue.failures("a")).isEqualTo(2);
      assertThat(queue.length()).isZero();
      await().atMost(Duration.ofSeconds(2)).until(() -> queue.length() == 1);
      queue.forget("a");
      assertThat(queue.failures("a")).isZero();
    }
  }

  @Test
  void closingReleasesWaitingWorkers() throws Exception {
    WorkQueue<String> queue = new WorkQueue<>("t", Backoff.DEFAULT);
    List<Optional<String>> taken = Collections.synchronizedList(new ArrayList<>());
    Thread worker = Thread.ofPlatform().start(() -> {
      try {
        taken.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    queue.close();
    worker.join(2_000);
    assertThat(taken).containsExactly(Optional.empty());
  }

  @Test
  void oneKeyIsNeverReconciledByTwoWorkersAtOnce() throws Exception {
    Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    Reconciler reconciler = key -> {
      AtomicInteger counter = inFlight.computeIfAbsent(key.name(), k -> new AtomicInteger());
      if (counter.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      Thread.sleep(1);
      counter.decrementAndGet();
      runs.incrementAndGet();
      return Result.done();
    };
    var type = dev.kanary.server.store.ResourceType.REVISION;
    try (Controller controller = new Controller("t", reconciler, 4, Backoff.DEFAULT,
        Duration.ofHours(1), List::of)) {
      controller.start();
      for (int i = 0; i < 2_000; i++) {
        controller.enqueue(dev.kanary.server.store.ObjectKey.of(type, "ns", "k" + (i % 5)));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.values().stream()
          .allMatch(c -> c.get() == 0) && runs.get() >= 5);
    }
    assertThat(overlaps.get()).isZero();
  }

  @Test
  void aFailingReconcileIsRetriedAndASucceedingOneIsNot() {
    AtomicInteger calls = new AtomicInteger();
    Reconciler flaky = key -> {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("not yet");
      }
      return Result.done();
    };
    var key = dev.kanary.server.store.ObjectKey.of(
        dev.kanary.server.store.ResourceType.REVISION, "ns", "a");
    try (Controller controller = new Controller("t", flaky, 1,
        new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)), Duration.ofHours(1), List::of)) {
      controller.start();
      controller.enqueue(key);
      await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 3);
    }
    assertThat(calls.get()).isEqualTo(3);
  }

  static Stream<Arguments> delays() {
    return Stream.of(
        arguments(0, 0L),
        arguments(1, 50L),
        arguments(2, 100L),
        arguments(3, 200L),
        arguments(10, 25_600L),
        arguments(11, 30_000L),
        arguments(64, 30_000L),
        arguments(Integer.MAX_VALUE, 30_000L));
  }

  @ParameterizedTest
  @MethodSource("delays")
  void backoffDoublesAndIsCapped(int failures, long millis) {
    assertThat(Backoff.DEFAULT.delay(failures)).isEqualTo(Duration.ofMillis(millis));
  }
}
