package dev.kanary.cli.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds the kanary server serves, with the names kubectl and kn users type for them. */
public enum ResourceKind {
  INFERENCE_SERVICE("serving.kserve.io", "v1beta1", "InferenceService", "inferenceservices", true,
      "isvc", "inferenceservice"),
  SERVICE("serving.knative.dev", "v1", "Service", "services", true,
      "ksvc", "kservice", "kservices", "service"),
  REVISION("serving.knative.dev", "v1", "Revision", "revisions", true, "revision", "rev"),
  CLUSTER_SERVING_RUNTIME("serving.kserve.io", "v1alpha1", "ClusterServingRuntime",
      "clusterservingruntimes", false, "clusterservingruntime"),
  POD("", "v1", "Pod", "pods", true, "pod", "po"),
  EVENT("", "v1", "Event", "events", true, "event", "ev");

  private final String group;
  private final String version;
  private final String kind;
  private final String plural;
  private final boolean namespaced;
  private final List<String> aliases;

  ResourceKind(String group, String version, String kind, String plural, boolean namespaced,
      String... aliases) {
    this.group = group;
    this.version = version;
    this.kind = kind;
    this.plural = plural;
    this.namespaced = namespaced;
    this.aliases = List.of(aliases);
  }

  /** The kind a user names: a short name, the singular or plural, or those with the group. */
  public static Optional<ResourceKind> byName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(k -> k.plural.equals(wanted) || k.aliases.contains(wanted)
            || wanted.equals(k.plural + "." + k.group)
            || wanted.equals(k.kind.toLowerCase(Locale.ROOT) + "." + k.group))
        .findFirst();
  }

  /** The kind of a document, by its apiVersion and kind. */
  public static Optional<ResourceKind> of(String apiVersion, String kind) {
    return Arrays.stream(values())
        .filter(k -> k.kind.equals(kind) && k.apiVersion().equals(apiVersion))
        .findFirst();
  }

  /** What {@code get} takes, for messages. */
  public static String names() {
    return "isvc, ksvc, revisions, pods, events, clusterservingruntimes";
  }

  public String kind() {
    return kind;
  }

  public boolean namespaced() {
    return namespaced;
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code inferenceservice.serving.kserve.io}, or {@code pod}: how kubectl names the kind. */
  public String qualifiedName() {
    String singular = kind.toLowerCase(Locale.ROOT);
    return group.isEmpty() ? singular : singular + "." + group;
  }

  /** {@code inferenceservices.serving.kserve.io}: how the API server names the resource. */
  public String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /**
   * The API path of one object, or of the collection when name is null; across all namespaces
   * when namespace is null.
   */
  public String path(String namespace, String name) {
    StringBuilder path = new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group
        + "/" + version);
    if (namespaced && namespace != null) {
      path.append("/namespaces/").append(encode(namespace));
    }
    path.append('/').append(plural);
    if (name != null) {
      path.append('/').append(encode(name));
    }
    return path.toString();
  }

  /** The collection, with a label selector when one is given. */
  public String listPath(String namespace, String labelSelector) {
    return path(namespace, null) + (labelSelector == null || labelSelector.isEmpty()
        ? "" : "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8));
  }

  /** Kinds {@code apply} takes, for messages. */
  public static String applicable() {
    return Arrays.stream(new ResourceKind[] {INFERENCE_SERVICE, SERVICE, CLUSTER_SERVING_RUNTIME})
        .map(k -> k.kind + " (" + k.apiVersion() + ")")
        .collect(Collectors.joining(", "));
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
