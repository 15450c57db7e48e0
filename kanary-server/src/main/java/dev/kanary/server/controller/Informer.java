package dev.kanary.server.controller;

import dev.kanary.server.store.LabelSelector;
import dev.kanary.server.store.ListResult;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceStore;
import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.StoredObject;
import dev.kanary.server.store.Watch;
import dev.kanary.server.store.WatchEvent;
import dev.kanary.server.store.WatchListener;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists a kind, then watches it from the list's resourceVersion, keeping a cache of decoded
 * records that reconcilers read instead of the store. Handlers run after the cache is updated, on
 * the watch's delivery thread, and should only enqueue keys. If the watch ends unexpectedly
 * (for instance, it fell too far behind), the informer lists again and reports the differences.
 */
public final class Informer<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Informer.class);

  private final ResourceStore store;
  private final ResourceType type;
  private final Class<T> recordType;
  private final ConcurrentHashMap<ObjectKey, T> cache = new ConcurrentHashMap<>();
  private final List<Consumer<T>> handlers = new CopyOnWriteArrayList<>();
  private volatile Watch watch;
  private volatile boolean closed;

  public Informer(ResourceStore store, ResourceType type, Class<T> recordType) {
    this.store = store;
    this.type = type;
    this.recordType = recordType;
  }

  public ResourceType type() {
    return type;
  }

  /** Called with the new record on add and update, with the last one on delete. */
  public void onChange(Consumer<T> handler) {
    handlers.add(handler);
  }

  /** Fills the cache and starts watching; returns once the cache holds the listed state. */
  public synchronized void start() {
    ListResult listed = store.list(type, null, LabelSelector.EVERYTHING);
    Set<ObjectKey> seen = new HashSet<>();
    for (StoredObject object : listed.items()) {
      seen.add(object.key());
      apply(object.key(), object.as(recordType), false);
    }
    for (ObjectKey key : Set.copyOf(cache.keySet())) {
      if (!seen.contains(key)) {
        apply(key, cache.get(key), true);
      }
    }
    watch = store.watch(type, null, listed.resourceVersion(), new Listener());
  }

  public Optional<T> get(ObjectKey key) {
    return Optional.ofNullable(cache.get(key));
  }

  public Optional<T> get(String namespace, String name) {
    return get(ObjectKey.of(type, namespace, name));
  }

  public List<T> list() {
    return List.copyOf(cache.values());
  }

  public List<T> list(Predicate<T> filter) {
    return cache.values().stream().filter(filter).toList();
  }

  private void apply(ObjectKey key, T value, boolean deleted) {
    if (deleted) {
      cache.remove(key);
    } else {
      cache.put(key, value);
    }
    for (Consumer<T> handler : handlers) {
      try {
        handler.accept(value);
      } catch (RuntimeException e) {
        log.error("{} informer handler failed on {}", type.kind(), key, e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Watch current = watch;
    if (current != null) {
      current.close();
    }
  }

  private final class Listener implements WatchListener {
    @Override
    public void onEvent(WatchEvent event) {
      StoredObject object = event.object();
      apply(object.key(), object.as(recordType), event.type() == WatchEvent.Type.DELETED);
    }

    @Override
    public void onClose(Throwable cause) {
      if (closed || cause == null) {
        return;
      }
      log.warn("{} watch ended ({}); listing again", type.kind(), cause.toString());
      try {
        start();
      } catch (RuntimeException e) {
        log.error("{} informer could not restart; its cache is now stale", type.kind(), e);
      }
    }
  }
}
