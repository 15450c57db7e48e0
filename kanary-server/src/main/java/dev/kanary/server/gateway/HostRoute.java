package dev.kanary.server.gateway;

/**
 * What a host serves: a route's split, or with {@code tag} set, the tag's revision only.
 */
public record HostRoute(Route route, String tag) {
  public static HostRoute split(Route route) {
    return new HostRoute(route, null);
  }

  public static HostRoute tag(Route route, String tag) {
    return new HostRoute(route, tag);
  }
}
