package dev.kanary.core.traffic;

/**
 * A tag's own host, which sends every request to the tagged revision whatever the tag's percent
 * on the route's main host, 0% included.
 */
public record TagRoute(String tag, String host, String revisionName) {
  public TrafficSplit split() {
    return TrafficSplit.of(revisionName);
  }

  public String url() {
    return RouteHosts.url(host);
  }
}
