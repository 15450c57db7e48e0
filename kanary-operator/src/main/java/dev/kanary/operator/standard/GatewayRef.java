package dev.kanary.operator.standard;

import java.util.Objects;

/** The Gateway API Gateway that Standard mode's HTTPRoutes attach to. */
public record GatewayRef(String namespace, String name) {
  public GatewayRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** {@code namespace/name}. */
  public static GatewayRef parse(String value) {
    int slash = value.indexOf('/');
    if (slash <= 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException("--gateway takes NAMESPACE/NAME, e.g."
          + " kanary-system/kanary-gateway; got \"" + value + "\"");
    }
    return new GatewayRef(value.substring(0, slash), value.substring(slash + 1));
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
