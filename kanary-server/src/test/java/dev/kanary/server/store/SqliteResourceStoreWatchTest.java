package dev.kanary.server.store;

import static dev.kanary.server.store.ResourceType.CLUSTER_SERVING_RUNTIME;
import static dev.kanary.server.store.ResourceType.INFERENCE_SERVICE;
import static dev.kanary.server.store.ResourceType.REVISION;
import static dev.kanary.server.store.ResourceType.SERVICE;
import static dev.kanary.server.store.StoreFixtures.T0;
import static dev.kanary.server.store.StoreFixtures.isvc;
import static dev.kanary.server.store.StoreFixtures.ownedBy;
import static dev.kanary.server.store.StoreFixtures.revision;
import static dev.kanary.server.store.StoreFixtures.runtime;
import static dev.kanary.server.store.StoreFixtures.service;
import static dev.kanary.server.store.StoreFixtures.withFinalizer;
import static dev.kanary.server.store.WatchEvent.Type.ADDED;
import static dev.kanary.server.store.WatchEvent.Type.DELETED;
import static dev.kanary.server.store.WatchEvent.Type.MODIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.server.store.StoreException.Reason;
import dev.kanary.server.store.StoreFixtures.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqliteResourceStoreWatchTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dataDir;
  private final TestClock clock = new TestClock(T0);
  private SqliteResourceStore store;

  @BeforeEach
  void open() {
    store = SqliteResourceStore.open(dataDir, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void eventsFollowTheWritesInCommitOrder() {
    Recorder recorder = new Recorder();
    store.watch(INFERENCE_SERVICE, null, store.resourceVersion(), recorder);
    List<StoredObject> written = new ArrayList<>();

    written.add(store.create(INFERENCE_SERVICE, withFinalizer(isvc("default", "iris"), "f")));
    ObjectNode labelled = written.getLast().json();
    labelled.withObjectProperty("metadata").putObject("labels").put("app", "iris");
    written.add(store.update(INFERENCE_SERVICE, labelled));
    ObjectNode ready = written.getLast().json();
    ready.putObject("status").put("url", "http://iris");
    written.add(store.updateStatus(INFERENCE_SERVICE, ready));
    written.add(store.delete(written.getLast().key(), null));
    ObjectNode finalized = written.getLast().json();
    finalized.withObjectProperty("metadata").remove("finalizers");
    written.add(store.update(INFERENCE_SERVICE, finalized));

    List<WatchEvent> events = recorder.awaitEvents(5);
    assertThat(events).extracting(WatchEvent::type)
        .containsExactly(ADDED, MODIFIED, MODIFIED, MODIFIED, DELETED);
    assertThat(events).extracting(WatchEvent::object).containsExactlyElementsOf(written);
    assertThat(events).extracting(WatchEvent::resourceVersion).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void aWatchFromThePastReplaysThenContinuesLive() {
    store.create(INFERENCE_SERVICE, isvc("default", "a"));
    long after = store.create(INFERENCE_SERVICE, isvc("default", "b")).resourceVersion();
    store.create(INFERENCE_SERVICE, isvc("default", "c"));
    Recorder recorder = new Recorder();

    store.watch(INFERENCE_SERVICE, "default", after, recorder);
    store.create(INFERENCE_SERVICE, isvc("default", "d"));

    assertThat(recorder.awaitEvents(2)).extracting(e -> e.object().key().name())
        .containsExactly("c", "d");
  }

  @Test
  void aWatchSeesOnlyItsTypeAndNamespace() {
    Recorder inA = new Recorder();
    Recorder everywhere = new Recorder();
    Recorder runtimes = new Recorder();
    store.watch(INFERENCE_SERVICE, "a", 0, inA);
    store.watch(INFERENCE_SERVICE, null, 0, everywhere);
    store.watch(CLUSTER_SERVING_RUNTIME, "ignored-for-cluster-kinds", 0, runtimes);

    store.create(SERVICE, service("a", "svc"));
    store.create(INFERENCE_SERVICE, isvc("b", "in-b"));
    store.create(CLUSTER_SERVING_RUNTIME, runtime("rt"));
    store.create(INFERENCE_SERVICE, isvc("a", "in-a"));

    assertThat(everywhere.awaitEvents(2)).extracting(e -> e.object().key().name())
        .containsExactly("in-b", "in-a");
    assertThat(inA.awaitEvents(1)).extracting(e -> e.object().key().name())
        .containsExactly("in-a");
    assertThat(runtimes.awaitEvents(1)).extracting(e -> e.object().key().name())
        .containsExactly("rt");
  }

  @Test
  void aCascadeIsOneEventPerObjectOwnerFirst() {
    StoredObject isvc = store.create(INFERENCE_SERVICE, isvc("default", "iris"));
    StoredObject svc = store.create(SERVICE, ownedBy(service("default", "iris-predictor"), isvc));
    store.create(REVISION, ownedBy(revision("default", "iris-predictor-00001"), svc));
    List<Recorder> recorders = List.of(new Recorder(), new Recorder(), new Recorder());
    long now = store.resourceVersion();
    store.watch(INFERENCE_SERVICE, null, now, recorders.get(0));
    store.watch(SERVICE, null, now, recorders.get(1));
    store.watch(REVISION, null, now, recorders.get(2));

    store.delete(isvc.key(), null);

    List<WatchEvent> events = recorders.stream().map(r -> r.awaitEvents(1).getFirst()).toList();
    assertThat(events).extracting(WatchEvent::type).containsOnly(DELETED);
    assertThat(events).extracting(WatchEvent::resourceVersion)
        .containsExactly(now + 1, now + 2, now + 3);
  }

  @Test
  void aWriteThatChangesNothingSendsNothing() {
    StoredObject created = store.create(INFERENCE_SERVICE, isvc("default", "iris"));
    Recorder recorder = new Recorder();
    store.watch(INFERENCE_SERVICE, null, created.resourceVersion(), recorder);

    store.update(INFERENCE_SERVICE, created.json());
    store.updateStatus(INFERENCE_SERVICE, created.json());
    store.create(INFERENCE_SERVICE, isvc("default", "next"));

    assertThat(recorder.awaitEvents(1)).extracting(e -> e.object().key().name())
        .containsExactly("next");
    assertThat(recorder.events).hasSize(1);
  }

  @Test
  void aVersionOlderThanTheLogIsExpired() {
    store.close();
    store = SqliteResourceStore.open(dataDir, clock, 5);
    for (int i = 1; i <= 10; i++) {
      store.create(INFERENCE_SERVICE, isvc("default", "isvc-" + i));
    }

    assertThatThrownBy(() -> store.watch(INFERENCE_SERVICE, null, 4, new Recorder()))
        .isInstanceOf(StoreException.class)
        .hasMessage("too old resource version: 4 (5)")
        .extracting(e -> ((StoreException) e).reason().httpStatus()).isEqualTo(410);

    Recorder recorder = new Recorder();
    store.watch(INFERENCE_SERVICE, null, 5, recorder);
    assertThat(recorder.awaitEvents(5)).extracting(WatchEvent::resourceVersion)
        .containsExactly(6L, 7L, 8L, 9L, 10L);
  }

  @Test
  void aVersionNewerThanTheStoreIsExpired() {
    store.create(INFERENCE_SERVICE, isvc("default", "a"));

    assertThatThrownBy(() -> store.watch(INFERENCE_SERVICE, null, 2, new Recorder()))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("too large resource version: 2, current: 1")
        .extracting(e -> ((StoreException) e).reason()).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void afterAReopenOnlyNewerVersionsCanBeWatched() {
    store.create(INFERENCE_SERVICE, isvc("default", "a"));
    store.create(INFERENCE_SERVICE, isvc("default", "b"));
    store.close();
    store = SqliteResourceStore.open(dataDir, clock);

    assertThatThrownBy(() -> store.watch(INFERENCE_SERVICE, null, 1, new Recorder()))
        .isInstanceOf(StoreException.class)
        .hasMessage("too old resource version: 1 (2)");
    Recorder recorder = new Recorder();
    store.watch(INFERENCE_SERVICE, null, 2, recorder);
    store.create(INFERENCE_SERVICE, isvc("default", "c"));
    assertThat(recorder.awaitEvents(1).getFirst().resourceVersion()).isEqualTo(3);
  }

  @Test
  void closingAWatchStopsItsEvents() throws Exception {
    Recorder recorder = new Recorder();
    Watch watch = store.watch(INFERENCE_SERVICE, null, 0, recorder);
    store.create(INFERENCE_SERVICE, isvc("default", "a"));
    recorder.awaitEvents(1);

    watch.close();

    assertThat(recorder.closed.get(10, TimeUnit.SECONDS)).isEmpty();
    store.create(INFERENCE_SERVICE, isvc("default", "b"));
    Recorder witness = new Recorder();
    store.watch(INFERENCE_SERVICE, null, 1, witness);
    witness.awaitEvents(1);
    assertThat(recorder.events).hasSize(1);
  }

  @Test
  void closingTheStoreEndsEveryWatchWithACause() throws Exception {
    Recorder recorder = new Recorder();
    store.watch(INFERENCE_SERVICE, null, 0, recorder);

    store.close();

    assertThat(recorder.closed.get(10, TimeUnit.SECONDS)).get()
        .isInstanceOf(IllegalStateException.class)
        .extracting(Throwable::getMessage).asString().endsWith("was closed");
  }

  @Test
  void aListenerThatThrowsLosesItsWatchOnly() throws Exception {
    RuntimeException failure = new IllegalStateException("listener bug");
    Recorder failing = new Recorder() {
      @Override
      public void onEvent(WatchEvent event) {
        super.onEvent(event);
        throw failure;
      }
    };
    Recorder healthy = new Recorder();
    store.watch(INFERENCE_SERVICE, null, 0, failing);
    store.watch(INFERENCE_SERVICE, null, 0, healthy);

    store.create(INFERENCE_SERVICE, isvc("default", "a"));
    assertThat(failing.closed.get(10, TimeUnit.SECONDS)).contains(failure);
    store.create(INFERENCE_SERVICE, isvc("default", "b"));

    assertThat(healthy.awaitEvents(2)).hasSize(2);
    assertThat(failing.events).hasSize(1);
  }

  @Test
  void aSlowListenerHoldsUpNeitherWritersNorOtherWatches() {
    CountDownLatch release = new CountDownLatch(1);
    Recorder slow = new Recorder() {
      @Override
      public void onEvent(WatchEvent event) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.onEvent(event);
      }
    };
    Recorder fast = new Recorder();
    store.watch(INFERENCE_SERVICE, null, 0, slow);
    store.watch(INFERENCE_SERVICE, null, 0, fast);

    assertTimeoutPreemptively(WAIT, () -> {
      for (int i = 0; i < 200; i++) {
        store.create(INFERENCE_SERVICE, isvc("default", "isvc-" + i));
      }
    });
    fast.awaitEvents(200);
    assertThat(slow.events).isEmpty();

    release.countDown();
    assertThat(slow.awaitEvents(200)).extracting(WatchEvent::resourceVersion)
        .isSorted().doesNotHaveDuplicates();
  }

  /**
   * The informer's contract, under concurrent writers: a watch started at a list's version sees
   * exactly the changes after the list, in order, so that replaying them on the list gives the
   * store's final state. Observers start at random moments while the writers run.
   */
  @ParameterizedTest
  @ValueSource(longs = {11, 22, 33})
  void listThenWatchSeesExactlyTheLaterChanges(long seed) throws Exception {
    Random random = new Random(seed);
    ExecutorService writers = Executors.newFixedThreadPool(3);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      Random writerRandom = new Random(seed * 31 + w);
      done.add(writers.submit(() -> randomWrites(writerRandom, 120)));
    }
    List<Observer> observers = new ArrayList<>();
    try {
      while (done.stream().anyMatch(f -> !f.isDone())) {
        String namespace = List.of("a", "b", "").get(random.nextInt(3));
        ListResult listed = store.list(INFERENCE_SERVICE, namespace, LabelSelector.EVERYTHING);
        Observer observer = new Observer(namespace, listed);
        store.watch(INFERENCE_SERVICE, namespace, listed.resourceVersion(), observer);
        observers.add(observer);
        Thread.sleep(random.nextInt(8));
      }
      for (Future<?> writer : done) {
        writer.get();
      }
    } finally {
      writers.shutdownNow();
    }

    assertThat(observers).hasSizeGreaterThan(5);
    for (Observer observer : observers) {
      Map<ObjectKey, Long> expected = view(
          store.list(INFERENCE_SERVICE, observer.namespace, LabelSelector.EVERYTHING).items());
      await().atMost(WAIT).untilAsserted(() -> assertThat(observer.view).isEqualTo(expected));
      assertThat(observer.violations).isEmpty();
    }
  }

  /** Creates, relabels, re-specs, writes status and deletes (with and without finalizers). */
  private void randomWrites(Random random, int count) {
    for (int i = 0; i < count; i++) {
      String namespace = random.nextBoolean() ? "a" : "b";
      String name = "isvc-" + random.nextInt(6);
      ObjectKey key = ObjectKey.of(INFERENCE_SERVICE, namespace, name);
      try {
        switch (random.nextInt(6)) {
          case 0 -> store.create(INFERENCE_SERVICE, random.nextBoolean()
              ? withFinalizer(isvc(namespace, name), "f") : isvc(namespace, name));
          case 1 -> store.delete(key, null);
          case 2 -> {
            ObjectNode doc = isvc(namespace, name);
            doc.withObjectProperty("spec").put("step", random.nextInt(3));
            store.update(INFERENCE_SERVICE, doc);
          }
          case 3 -> {
            ObjectNode doc = isvc(namespace, name);
            doc.putObject("status").put("url", "u" + random.nextInt(3));
            store.updateStatus(INFERENCE_SERVICE, doc);
          }
          case 4 -> {
            Optional<StoredObject> current = store.get(key);
            if (current.isPresent()) {
              ObjectNode doc = current.get().json();
              doc.withObjectProperty("metadata").remove("finalizers");
              store.update(INFERENCE_SERVICE, doc);
            }
          }
          default -> {
            ObjectNode doc = isvc(namespace, name);
            doc.withObjectProperty("metadata").putObject("labels").put("n", "" + random.nextInt(3));
            store.update(INFERENCE_SERVICE, doc);
          }
        }
      } catch (StoreException expected) {
        // Collisions between writers (exists, not found, conflict) are part of the game.
      }
    }
  }

  private static Map<ObjectKey, Long> view(List<StoredObject> objects) {
    Map<ObjectKey, Long> view = new HashMap<>();
    objects.forEach(o -> view.put(o.key(), o.resourceVersion()));
    return view;
  }

  /** Replays events onto a list, as an informer's cache does, noting anything impossible. */
  private static final class Observer implements WatchListener {
    final String namespace;
    final Map<ObjectKey, Long> view;
    final List<String> violations = new CopyOnWriteArrayList<>();
    private long last;

    Observer(String namespace, ListResult listed) {
      this.namespace = namespace;
      this.view = new ConcurrentHashMap<>(view(listed.items()));
      this.last = listed.resourceVersion();
    }

    @Override
    public void onEvent(WatchEvent event) {
      ObjectKey key = event.object().key();
      long version = event.resourceVersion();
      boolean allNamespaces = namespace.isEmpty();
      // Only InferenceServices are written, so a watch of all namespaces sees every version.
      if (allNamespaces ? version != last + 1 : version <= last) {
        violations.add("version " + version + " after " + last);
      }
      if (!allNamespaces && !key.namespace().equals(namespace)) {
        violations.add("an event of namespace " + key.namespace());
      }
      boolean known = view.containsKey(key);
      if (event.type() == ADDED ? known : !known) {
        violations.add(event.type() + " of " + key + (known ? " already listed" : " unknown"));
      }
      if (event.type() == DELETED) {
        view.remove(key);
      } else {
        view.put(key, version);
      }
      last = version;
    }
  }

  /** Collects events; {@code closed} completes with onClose's cause. */
  private static class Recorder implements WatchListener {
    final List<WatchEvent> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();

    @Override
    public void onEvent(WatchEvent event) {
      events.add(event);
    }

    @Override
    public void onClose(Throwable cause) {
      closed.complete(Optional.ofNullable(cause));
    }

    List<WatchEvent> awaitEvents(int count) {
      await().atMost(WAIT).until(() -> events.size() >= count);
      return List.copyOf(events);
    }
  }
}
