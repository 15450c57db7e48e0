package dev.kanary.server.gateway;

import java.util.Objects;

/** A revision by namespace and name. */
public record RevisionId(String namespace, String name) {
  public RevisionId {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
