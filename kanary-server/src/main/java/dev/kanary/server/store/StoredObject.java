package dev.kanary.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.core.k8s.ObjectMeta;

/**
 * One object as the store holds it: the whole Kubernetes JSON document (apiVersion, kind,
 * metadata with the store's system fields filled in, spec, status). Immutable: {@link #json()}
 * hands out a copy, so a cache can share instances freely.
 */
public final class StoredObject {
  private final ObjectKey key;
  private final long resourceVersion;
  private final ObjectNode json;

  public StoredObject(ObjectKey key, long resourceVersion, ObjectNode json) {
    this.key = key;
    this.resourceVersion = resourceVersion;
    this.json = json.deepCopy();
  }

  public ObjectKey key() {
    return key;
  }

  public long resourceVersion() {
    return resourceVersion;
  }

  /** A fresh, mutable copy of the document. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  public ObjectMeta metadata() {
    return as(ObjectMeta.class, "metadata");
  }

  /** The document decoded into one of core's resource records. */
  public <T> T as(Class<T> type) {
    try {
      return Json.json().treeToValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored " + key + " does not decode as " + type.getName(), e);
    }
  }

  private <T> T as(Class<T> type, String field) {
    try {
      return Json.json().treeToValue(json.path(field), type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored " + key + " has an unreadable " + field, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredObject other
        && key.equals(other.key)
        && resourceVersion == other.resourceVersion
        && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Long.hashCode(resourceVersion);
  }

  @Override
  public String toString() {
    return key + "@" + resourceVersion;
  }
}
