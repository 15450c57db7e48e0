package dev.kanary.server.gateway;

/** Where the route table sends a request: nowhere (404), or a route and maybe one revision. */
public sealed interface Resolution {
  /** Tag label of a request sent by the default split, as Knative's queue-proxy labels it. */
  String DEFAULT_TAG = "kn:default";
  /** Tag label of a request whose Knative-Serving-Tag names no tag: the default split took it. */
  String UNDEFINED_TAG = "kn:undefined";

  /** Nothing serves the request; {@code message} says what was asked for. */
  record Unknown(String message) implements Resolution {}

  /**
   * @param revision the tag's revision, or null for the route's split
   * @param path what to ask the replica for: the request's path and query, less the
   *     {@code /serving/{ns}/{isvc}} prefix of the path form
   * @param tag the tag that chose the revision, or {@link #DEFAULT_TAG} / {@link #UNDEFINED_TAG}
   */
  record Matched(Route route, String revision, String path, String tag) implements Resolution {}
}
