package dev.kanary.server.api;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A path of the core group that standalone kanary serves: {@code /api/v1[/namespaces/{ns}]/pods
 * [/{name}[/log]]} and {@code /api/v1[/namespaces/{ns}]/events[/{name}]}.
 *
 * @param namespace null for a list across all namespaces
 * @param resource {@code pods} or {@code events}
 * @param name null for the collection
 * @param log true for a pod's {@code log} subresource
 */
record CorePath(String namespace, String resource, String name, boolean log) {
  static final String PODS = "pods";
  static final String EVENTS = "events";
  private static final Set<String> RESOURCES = Set.of(PODS, EVENTS);
  /**
   * DNS-1123 subdomains: names end up in file paths (a pod's log), so nothing else passes, least
   * of all {@code ..}.
   */
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** @throws ApiException 404 NotFound, naming what is served, for any other path */
  static CorePath parse(String path) {
    List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/+", -1));
    if (segments.size() < 3 || !segments.get(0).equals("api") || !segments.get(1).equals("v1")) {
      throw unknown(path);
    }
    List<String> rest = segments.subList(2, segments.size());
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = checked(rest.get(1), path);
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0);
    if (!RESOURCES.contains(resource) || rest.size() > 3) {
      throw unknown(path);
    }
    boolean log = rest.size() == 3;
    if (log && (!resource.equals(PODS) || !rest.get(2).equals("log"))) {
      throw unknown(path);
    }
    String name = rest.size() >= 2 ? checked(rest.get(1), path) : null;
    if (name != null && namespace == null) {
      throw ApiException.notFound("the server could not find the requested resource: "
          + resource + " are namespaced; use /api/v1/namespaces/{namespace}/" + resource + "/"
          + name);
    }
    return new CorePath(namespace, resource, name, log);
  }

  private static String checked(String segment, String path) {
    if (segment.length() > 253 || !NAME.matcher(segment).matches()) {
      throw ApiException.notFound("the server could not find the requested resource " + path
          + ": \"" + segment + "\" is not a valid name (lower-case letters, digits, '-' and '.')");
    }
    return segment;
  }

  private static ApiException unknown(String path) {
    return ApiException.notFound("the server could not find the requested resource " + path
        + ": the core API serves /api/v1/namespaces/{namespace}/pods[/{name}[/log]] and"
        + " /api/v1/namespaces/{namespace}/events");
  }
}
