package dev.kanary.server.store;

/** A committed change, in commit order; DELETED carries the object as it was last stored. */
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
