package dev.kanary.server.store;

/**
 * A committed change, in commit order; DELETED carries the object as it was last stored, but with
 * the resourceVersion of the deletion (as Kubernetes does), so that every event has its own,
 * increasing version to resume a watch from.
 */
public record WatchEvent(Type type, StoredObject object) {

  public enum Type {
    ADDED,
    MODIFIED,
    DELETED
  }

  public long resourceVersion() {
    return object.resourceVersion();
  }
}
