package dev.kanary.server.event;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * The server's recent Kubernetes-style Events, in memory: a ring of the last {@code capacity}
 * distinct events, oldest first. An event equal to one held (same object, type, reason, message
 * and source) is counted on that one and moves to the end, as Kubernetes' event correlator does.
 * Events are for people reading {@code describe}; they do not survive a restart.
 */
public final class EventRecorder {
  public static final int DEFAULT_CAPACITY = 1000;

  private record Key(
      String kind, String namespace, String name, String type, String reason, String message,
      String source) {}

  private final Clock clock;
  private final int capacity;
  private final LinkedHashMap<Key, KubeEvent> events = new LinkedHashMap<>();
  private long lastNanos;

  public EventRecorder(Clock clock) {
    this(clock, DEFAULT_CAPACITY);
  }

  public EventRecorder(Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("an event ring holds at least 1 event; got " + capacity);
    }
    this.clock = clock;
    this.capacity = capacity;
  }

  public void normal(InvolvedObject object, String reason, String message, String source) {
    record(object, KubeEvent.NORMAL, reason, message, source);
  }

  public void warning(InvolvedObject object, String reason, String message, String source) {
    record(object, KubeEvent.WARNING, reason, message, source);
  }

  public synchronized void record(
      InvolvedObject object, String type, String reason, String message, String source) {
    Objects.requireNonNull(object, "object");
    Instant now = clock.instant();
    Key key = new Key(object.kind(), object.namespace(), object.name(), type, reason, message,
        source);
    KubeEvent held = events.remove(key);
    KubeEvent event = held != null
        ? held.again(now)
        : new KubeEvent(object.name() + "." + Long.toHexString(uniqueNanos(now)), object, type,
            reason, message, source, 1, now, now);
    events.put(key, event);
    Iterator<KubeEvent> oldest = events.values().iterator();
    while (events.size() > capacity) {
      oldest.next();
      oldest.remove();
    }
  }

  /** The events of a namespace, or of all namespaces when it is null, oldest first. */
  public synchronized List<KubeEvent> list(String namespace) {
    List<KubeEvent> result = new ArrayList<>();
    for (KubeEvent event : events.values()) {
      if (namespace == null || namespace.equals(event.involvedObject().namespace())) {
        result.add(event);
      }
    }
    return result;
  }

  /** Kubernetes names an event after its object and the time in nanoseconds, in hex. */
  private long uniqueNanos(Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    lastNanos = Math.max(lastNanos + 1, nanos);
    return lastNanos;
  }
}
