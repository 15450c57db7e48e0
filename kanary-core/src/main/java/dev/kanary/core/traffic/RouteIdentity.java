package dev.kanary.core.traffic;

import java.util.Objects;

/**
 * Who a route is and where it is served: what traffic resolution needs besides the traffic block.
 *
 * @param namespace the route's namespace
 * @param name the route's name, the first label of its host
 * @param domain the domain its hosts end in, e.g. {@code example.com}
 * @param serviceName the owning Service, or null for a standalone route. A Service's route has
 *     the Service's configuration as default target and serves only the Service's revisions.
 */
public record RouteIdentity(String namespace, String name, String domain, String serviceName) {
  public RouteIdentity {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(domain, "domain");
  }

  /** The route of a Knative Service, which has the Service's name. */
  public static RouteIdentity ofService(String namespace, String serviceName, String domain) {
    return new RouteIdentity(namespace, serviceName, domain, serviceName);
  }

  public static RouteIdentity standalone(String namespace, String name, String domain) {
    return new RouteIdentity(namespace, name, domain, null);
  }

  public boolean serviceOwned() {
    return serviceName != null;
  }
}
