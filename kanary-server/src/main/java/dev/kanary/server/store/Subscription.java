package dev.kanary.server.store;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch: a queue the store fills after each commit and a virtual thread that drains it into
 * the listener, so a slow listener holds up neither the writers nor the other watches.
 *
 * <p>A listener that falls {@code maxBacklog} events behind is cut off (onClose with an EXPIRED
 * StoreException), as the API server drops a watcher whose buffer overflows; it can list and
 * watch again. A listener whose onEvent throws is cut off with that exception, since it has
 * missed an event and only a fresh list can repair its view.
 */
final class Subscription implements Watch {
  private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

  private sealed interface Item permits Delivery, End {}

  private record Delivery(WatchEvent event) implements Item {}

  private record End(Throwable cause) implements Item {}

  private final ResourceType type;
  private final String namespace;
  private final WatchListener listener;
  private final int maxBacklog;
  private final Consumer<Subscription> onEnd;
  private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Thread thread;

  /**
   * @param namespace null for all namespaces
   * @param onEnd runs once when the watch ends, on whichever thread ends it
   */
  Subscription(ResourceType type, String namespace, WatchListener listener, int maxBacklog,
      Consumer<Subscription> onEnd) {
    this.type = type;
    this.namespace = namespace;
    this.listener = listener;
    this.maxBacklog = maxBacklog;
    this.onEnd = onEnd;
    this.thread = Thread.ofVirtual()
        .name("kanary-watch-" + type.plural() + (namespace == null ? "" : "-" + namespace))
        .unstarted(this::deliver);
  }

  void start() {
    thread.start();
  }

  /** Queues the event if this watch wants it; never blocks. */
  void offer(WatchEvent event) {
    if (ended.get() || !wants(event.object().key())) {
      return;
    }
    if (queue.size() >= maxBacklog) {
      end(new StoreException(StoreException.Reason.EXPIRED, "the watch of " + type.plural()
          + " fell " + maxBacklog + " events behind and was closed; list and watch again"));
      return;
    }
    queue.add(new Delivery(event));
  }

  /** Stops delivery; the listener's onClose(null) follows on the delivery thread. */
  @Override
  public void close() {
    end(null);
  }

  void end(Throwable cause) {
    if (ended.compareAndSet(false, true)) {
      queue.add(new End(cause));
      onEnd.accept(this);
    }
  }

  private boolean wants(ObjectKey key) {
    return key.type().equals(type) && (namespace == null || namespace.equals(key.namespace()));
  }

  private void deliver() {
    while (true) {
      Item item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        item = new End(e);
      }
      switch (item) {
        case End end -> {
          closeListener(end.cause());
          return;
        }
        case Delivery delivery -> {
          if (!ended.get()) {
            deliver(delivery.event());
          }
        }
      }
    }
  }

  private void deliver(WatchEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("A watch listener of {} failed on {} {}; closing its watch", type.plural(),
          event.type(), event.object(), e);
      end(e);
    }
  }

  private void closeListener(Throwable cause) {
    try {
      listener.onClose(cause);
    } catch (RuntimeException e) {
      LOG.warn("A watch listener of {} failed while closing", type.plural(), e);
    }
  }
}
