package dev.kanary.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.server.store.LabelSelector;
import dev.kanary.server.store.ListResult;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceStore;
import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.StoredObject;
import dev.kanary.server.store.Watch;
import dev.kanary.server.store.WatchListener;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A store that counts its open watches, so tests can see the API close them, and that can run
 * something just before an update, so tests can race a write.
 */
final class CountingStore implements ResourceStore {
  private final ResourceStore store;
  private final AtomicInteger openWatches = new AtomicInteger();
  private volatile Consumer<ResourceStore> beforeNextUpdate = store -> {};

  CountingStore(ResourceStore store) {
    this.store = store;
  }

  int openWatches() {
    return openWatches.get();
  }

  /** Runs {@code action} once, against the real store, before the next update reaches it. */
  void beforeNextUpdate(Consumer<ResourceStore> action) {
    AtomicBoolean done = new AtomicBoolean();
    beforeNextUpdate = s -> {
      if (done.compareAndSet(false, true)) {
        action.accept(s);
      }
    };
  }

  @Override
  public StoredObject create(ResourceType type, ObjectNode object) {
    return store.create(type, object);
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    return store.get(key);
  }

  @Override
  public ListResult list(ResourceType type, String namespace, LabelSelector selector) {
    return store.list(type, namespace, selector);
  }

  @Override
  public StoredObject update(ResourceType type, ObjectNode object) {
    beforeNextUpdate.accept(store);
    return store.update(type, object);
  }

  @Override
  public StoredObject updateStatus(ResourceType type, ObjectNode object) {
    return store.updateStatus(type, object);
  }

  @Override
  public StoredObject delete(ObjectKey key, Long expectedResourceVersion) {
    return store.delete(key, expectedResourceVersion);
  }

  @Override
  public Watch watch(ResourceType type, String namespace, long sinceResourceVersion,
      WatchListener listener) {
    Watch watch = store.watch(type, namespace, sinceResourceVersion, listener);
    openWatches.incrementAndGet();
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        openWatches.decrementAndGet();
      }
      watch.close();
    };
  }

  @Override
  public long resourceVersion() {
    return store.resourceVersion();
  }

  @Override
  public void close() {
    store.close();
  }
}
