package dev.kanary.server.api;

import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.StoredObject;
import dev.kanary.server.store.WatchEvent;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The events a filtered watch shows, as the API server's watch cache does: an object that comes to
 * match the selector is ADDED for the client, one that stops matching is DELETED for it.
 *
 * <p>Whether the client holds an object is known exactly after a list; a watch from a client's
 * resourceVersion does not know what the client holds, so a change to a matching object it has
 * not seen here is passed on as MODIFIED, and a change to one that does not match is dropped.
 */
final class WatchFilter {
  private final Predicate<StoredObject> selected;
  private final boolean exact;
  private final Set<ObjectKey> shown = new HashSet<>();

  private WatchFilter(Predicate<StoredObject> selected, boolean exact) {
    this.selected = selected;
    this.exact = exact;
  }

  /** After a list: the client holds exactly these objects. */
  static WatchFilter afterList(Predicate<StoredObject> selected, Collection<StoredObject> listed) {
    WatchFilter filter = new WatchFilter(selected, true);
    listed.forEach(object -> filter.shown.add(object.key()));
    return filter;
  }

  /** From a resourceVersion the client had: what it holds is unknown here. */
  static WatchFilter fromVersion(Predicate<StoredObject> selected) {
    return new WatchFilter(selected, false);
  }

  /** The event as the client should see it, or empty when it concerns nothing it watches. */
  Optional<WatchEvent> apply(WatchEvent event) {
    ObjectKey key = event.object().key();
    boolean matches = selected.test(event.object());
    boolean held = shown.contains(key);
    WatchEvent.Type type = switch (event.type()) {
      case ADDED -> matches ? WatchEvent.Type.ADDED : null;
      case MODIFIED -> {
        if (matches) {
          yield held || !exact ? WatchEvent.Type.MODIFIED : WatchEvent.Type.ADDED;
        }
        yield held ? WatchEvent.Type.DELETED : null;
      }
      case DELETED -> matches || held ? WatchEvent.Type.DELETED : null;
    };
    if (type == null) {
      return Optional.empty();
    }
    if (type == WatchEvent.Type.DELETED) {
      shown.remove(key);
    } else {
      shown.add(key);
    }
    return Optional.of(type == event.type() ? event : new WatchEvent(type, event.object()));
  }
}
