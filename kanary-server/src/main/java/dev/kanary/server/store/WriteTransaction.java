package dev.kanary.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes of one write, inside one SQLite transaction: each stored change takes the next
 * resourceVersion and records its watch event, which the store publishes only after the commit.
 * A cascading delete gives every object it touches its own version, so that a watcher resuming
 * from any event's version misses none of its siblings.
 */
final class WriteTransaction {
  private final ObjectTable table;
  private final Instant now;
  private long resourceVersion;
  private final List<WatchEvent> events = new ArrayList<>();

  WriteTransaction(ObjectTable table, Instant now, long resourceVersion) {
    this.table = table;
    this.now = now;
    this.resourceVersion = resourceVersion;
  }

  Instant now() {
    return now;
  }

  ObjectTable table() {
    return table;
  }

  /** The last version this transaction handed out. */
  long resourceVersion() {
    return resourceVersion;
  }

  List<WatchEvent> events() {
    return events;
  }

  StoredObject add(ObjectKey key, ObjectNode doc) {
    StoredObject added = versioned(key, doc);
    table.insert(added);
    events.add(new WatchEvent(WatchEvent.Type.ADDED, added));
    return added;
  }

  StoredObject modify(ObjectKey key, ObjectNode doc) {
    StoredObject modified = versioned(key, doc);
    table.replace(modified);
    events.add(new WatchEvent(WatchEvent.Type.MODIFIED, modified));
    return modified;
  }

  /**
   * Deletes the object as the API server does: marked when it has finalizers, else removed along
   * with what it owns.
   */
  StoredObject delete(StoredObject object) {
    if (!ObjectDocuments.finalizers(object.json()).isEmpty()) {
      return modify(object.key(), ObjectDocuments.markedForDeletion(object.json(), now));
    }
    return remove(object.key(), object.json());
  }

  /**
   * Removes the object, {@code last} being its final state; the DELETED event carries it at the
   * version of the removal. Then each object it owns goes too, unless another owner that still
   * exists keeps it (then only the reference to this owner is dropped), as Kubernetes' garbage
   * collector does in background propagation.
   */
  StoredObject remove(ObjectKey key, ObjectNode last) {
    StoredObject removed = versioned(key, last);
    table.remove(key);
    events.add(new WatchEvent(WatchEvent.Type.DELETED, removed));
    String uid = ObjectDocuments.uid(last);
    for (StoredObject dependent : table.ownedBy(uid)) {
      collect(dependent, uid);
    }
    return removed;
  }

  private void collect(StoredObject dependent, String goneOwnerUid) {
    ObjectNode json = dependent.json();
    if (ObjectDocuments.isBeingDeleted(json)) {
      return;
    }
    boolean otherOwnerExists = ObjectDocuments.ownerUids(json).stream()
        .anyMatch(uid -> !uid.equals(goneOwnerUid) && table.uidExists(uid));
    if (otherOwnerExists) {
      modify(dependent.key(), ObjectDocuments.withoutOwner(json, goneOwnerUid));
    } else {
      delete(dependent);
    }
  }

  private StoredObject versioned(ObjectKey key, ObjectNode doc) {
    resourceVersion++;
    return new StoredObject(key, resourceVersion,
        ObjectDocuments.withResourceVersion(doc, resourceVersion));
  }
}
