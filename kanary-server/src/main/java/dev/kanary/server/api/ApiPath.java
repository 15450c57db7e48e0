package dev.kanary.server.api;

import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Kubernetes resource path, parsed: {@code /apis/{group}/{version}[/namespaces/{ns}]/{plural}
 * [/{name}[/status]]}.
 *
 * @param namespace the namespace of a namespaced path; null for a cluster-scoped kind or a list
 *     across all namespaces
 * @param name the object's name; null for the collection
 * @param status true for the status subresource
 */
public record ApiPath(ResourceType type, String namespace, String name, boolean status) {
  private static final String STATUS = "status";

  public boolean isCollection() {
    return name == null;
  }

  public ObjectKey key() {
    return ObjectKey.of(type, namespace, name);
  }

  /**
   * Parses a request path.
   *
   * @throws ApiException 404 NotFound, naming what is served, when the path names nothing served
   */
  public static ApiPath parse(String path) {
    List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/+", -1));
    if (segments.size() < 4 || !segments.get(0).equals("apis")) {
      throw unknownPath(path);
    }
    String group = segments.get(1);
    String version = segments.get(2);
    List<String> rest = segments.subList(3, segments.size());
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    ResourceType type = ResourceType.byPlural(group, version, rest.get(0))
        .orElseThrow(() -> unknownResource(path, group + "/" + version));
    if (rest.size() > 3 || (rest.size() == 3 && !rest.get(2).equals(STATUS))) {
      throw unknownPath(path);
    }
    String name = rest.size() >= 2 ? rest.get(1) : null;
    if (type.namespaced() && namespace == null && name != null) {
      throw ApiException.notFound("the server could not find the requested resource: "
          + type.plural() + " are namespaced; use /apis/" + type.apiVersion()
          + "/namespaces/{namespace}/" + type.plural() + "/" + name);
    }
    if (!type.namespaced() && namespace != null) {
      throw ApiException.notFound("the server could not find the requested resource: "
          + type.plural() + " are cluster-scoped; use /apis/" + type.apiVersion() + "/"
          + type.plural() + (name == null ? "" : "/" + name));
    }
    return new ApiPath(type, namespace, name, rest.size() == 3);
  }

  private static ApiException unknownResource(String path, String apiVersion) {
    String served = ResourceType.ALL.stream()
        .map(t -> t.apiVersion() + " " + t.plural())
        .collect(Collectors.joining(", "));
    return ApiException.notFound("the server could not find the requested resource " + path
        + ": " + apiVersion + " serves no such kind; served are " + served);
  }

  private static ApiException unknownPath(String path) {
    return ApiException.notFound("the server could not find the requested resource " + path
        + ": paths look like /apis/{group}/{version}/namespaces/{namespace}/{plural}[/{name}"
        + "[/status]]");
  }
}
