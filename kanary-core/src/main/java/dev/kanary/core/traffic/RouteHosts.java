package dev.kanary.core.traffic;

import dev.kanary.core.k8s.K8sNames;
import dev.kanary.core.validation.GoQuote;
import java.util.Optional;

/**
 * A route's host names with Knative's default templates: {@code {name}.{namespace}.{domain}} for
 * the route, {@code {tag}-{name}} as the name part of a tag's host, and the cluster-local
 * {@code {name}.{namespace}.svc.cluster.local}. URLs are plain http, Knative's default external
 * scheme and the only scheme for cluster-local addresses.
 */
public final class RouteHosts {
  public static final String CLUSTER_LOCAL_DOMAIN = "svc.cluster.local";

  private RouteHosts() {}

  public static String host(RouteIdentity route) {
    return host(route.name(), route);
  }

  public static String tagHost(String tag, RouteIdentity route) {
    return host(tag + "-" + route.name(), route);
  }

  public static String clusterLocalHost(RouteIdentity route) {
    return route.name() + "." + route.namespace() + "." + CLUSTER_LOCAL_DOMAIN;
  }

  public static String url(String host) {
    return "http://" + host;
  }

  /**
   * Why a host cannot be served, as Knative reports it in the AllTrafficAssigned message:
   * {@code invalid domain name "<host>": url: Invalid value: "<label>": must be no more than 63
   * characters}. Validation checks a tag and a route name each on its own; only here does a long
   * tag plus a long route name meet in one label.
   */
  public static Optional<String> domainNameError(String host) {
    return K8sNames.fullyQualifiedDomainNameError("url", host)
        .map(error -> "invalid domain name " + GoQuote.quote(host) + ": " + error);
  }

  private static String host(String namePart, RouteIdentity route) {
    return namePart + "." + route.namespace() + "." + route.domain();
  }
}
