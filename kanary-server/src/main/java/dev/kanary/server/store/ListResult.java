package dev.kanary.server.store;

import java.util.List;

/**
 * A consistent snapshot: the items as of {@code resourceVersion}; a watch from that version
 * sees every later change and none of the earlier ones.
 */
public record ListResult(List<StoredObject> items, long resourceVersion) {
  public ListResult {
    items = List.copyOf(items);
  }
}
