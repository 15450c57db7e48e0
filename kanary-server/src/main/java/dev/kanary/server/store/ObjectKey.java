package dev.kanary.server.store;

import java.util.Objects;

/** Identity of a stored object; cluster-scoped kinds have the empty namespace. */
public record ObjectKey(ResourceType type, String namespace, String name) {

  public ObjectKey {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    namespace = type.namespaced() ? Objects.requireNonNull(namespace, "namespace") : "";
  }

  public static ObjectKey of(ResourceType type, String namespace, String name) {
    return new ObjectKey(type, namespace, name);
  }

  @Override
  public String toString() {
    return type.kind() + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
