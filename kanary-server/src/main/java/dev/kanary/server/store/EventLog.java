package dev.kanary.server.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The most recent committed events, oldest first, so that a watch can start from a version in the
 * past. Holds every event after {@link #start()}; when full, the oldest goes and the start moves.
 * Not thread-safe: the store calls it under its lock.
 */
final class EventLog {
  private final int capacity;
  private final ArrayDeque<WatchEvent> events;
  private long start;

  EventLog(int capacity, long start) {
    this.capacity = capacity;
    this.events = new ArrayDeque<>(Math.min(capacity, 1024));
    this.start = start;
  }

  /** Every event after this version is held. */
  long start() {
    return start;
  }

  void append(WatchEvent event) {
    if (events.size() == capacity) {
      start = events.removeFirst().resourceVersion();
    }
    events.addLast(event);
  }

  /**
   * The events committed after {@code resourceVersion}, oldest first.
   *
   * @throws StoreException EXPIRED when events after it have already been dropped
   */
  List<WatchEvent> after(long resourceVersion) {
    if (resourceVersion < start) {
      throw StoreErrors.tooOld(resourceVersion, start);
    }
    List<WatchEvent> newest = new ArrayList<>();
    Iterator<WatchEvent> backwards = events.descendingIterator();
    while (backwards.hasNext()) {
      WatchEvent event = backwards.next();
      if (event.resourceVersion() <= resourceVersion) {
        break;
      }
      newest.add(event);
    }
    return newest.reversed();
  }
}
