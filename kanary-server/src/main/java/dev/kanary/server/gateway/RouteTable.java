package dev.kanary.server.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's routing, as one immutable value: hosts, the {@code /serving/{ns}/{name}} path
 * form, and each routed revision's ready replicas. A request is resolved against one table only,
 * so a change is seen whole or not at all.
 *
 * @param hosts by normalized host name
 * @param paths by {@code {namespace}/{name}} of an InferenceService, or of a Service
 * @param backends every revision a route names
 * @param problems what in the inputs could not be honoured, for the log
 */
public record RouteTable(
    String domain,
    Map<String, HostRoute> hosts,
    Map<String, Route> paths,
    Map<RevisionId, Backend> backends,
    List<String> problems) {

  static final String PATH_PREFIX = "/serving/";
  static final String TAG_HEADER = "knative-serving-tag";

  public RouteTable {
    hosts = Map.copyOf(hosts);
    paths = Map.copyOf(paths);
    backends = Map.copyOf(backends);
    problems = List.copyOf(problems);
  }

  public static RouteTable empty(String domain) {
    return new RouteTable(domain, Map.of(), Map.of(), Map.of(), List.of());
  }

  public Optional<Backend> backend(RevisionId revision) {
    return Optional.ofNullable(backends.get(revision));
  }

  /**
   * @param authority the Host header (HTTP/1.1) or :authority (HTTP/2)
   * @param path the request's path and query
   * @param tagHeader the Knative-Serving-Tag header, or null
   */
  public Resolution resolve(String authority, String path, String tagHeader) {
    if (path.startsWith(PATH_PREFIX)) {
      return resolvePath(path, tagHeader);
    }
    String host = HostNames.normalize(authority);
    HostRoute hostRoute = hosts.get(host);
    if (hostRoute == null) {
      hostRoute = HostNames.fromLocalhost(host, domain).map(hosts::get).orElse(null);
    }
    if (hostRoute == null) {
      return new Resolution.Unknown("no InferenceService or Service serves host \"" + host + "\"");
    }
    if (hostRoute.tag() != null) {
      return new Resolution.Matched(hostRoute.route(),
          hostRoute.route().tags().get(hostRoute.tag()), path, hostRoute.tag());
    }
    return byTagHeader(hostRoute.route(), path, tagHeader);
  }

  private Resolution resolvePath(String path, String tagHeader) {
    int query = path.indexOf('?');
    String pathOnly = query < 0 ? path : path.substring(0, query);
    String[] parts = pathOnly.substring(PATH_PREFIX.length()).split("/", 3);
    if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return new Resolution.Unknown("the path form is /serving/{namespace}/{inferenceservice}/...;"
          + " got \"" + pathOnly + "\"");
    }
    Route route = paths.get(parts[0] + "/" + parts[1]);
    if (route == null) {
      return new Resolution.Unknown("no InferenceService or Service \"" + parts[1]
          + "\" in namespace \"" + parts[0] + "\"");
    }
    String rest = parts.length == 3 ? "/" + parts[2] : "/";
    return byTagHeader(route, query < 0 ? rest : rest + path.substring(query), tagHeader);
  }

  /** Knative's tag header: an unknown tag falls back to the split, it is not an error. */
  private static Resolution byTagHeader(Route route, String path, String tagHeader) {
    if (tagHeader == null || tagHeader.isEmpty()) {
      return new Resolution.Matched(route, null, path, Resolution.DEFAULT_TAG);
    }
    String revision = route.tags().get(tagHeader);
    return revision == null
        ? new Resolution.Matched(route, null, path, Resolution.UNDEFINED_TAG)
        : new Resolution.Matched(route, revision, path, tagHeader);
  }
}
