package dev.kanary.server.store;

import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.Service;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.core.kserve.ServingRuntime;
import java.util.List;
import java.util.Optional;

/** A kind the store keeps, with the names the Kubernetes API gives it. */
public record ResourceType(
    String group, String version, String kind, String plural, boolean namespaced) {

  public static final ResourceType INFERENCE_SERVICE =
      new ResourceType(InferenceService.GROUP, "v1beta1", "InferenceService", "inferenceservices",
          true);
  public static final ResourceType SERVICE =
      new ResourceType("serving.knative.dev", "v1", Service.KIND, "services", true);
  public static final ResourceType REVISION =
      new ResourceType("serving.knative.dev", "v1", Revision.KIND, "revisions", true);
  public static final ResourceType CLUSTER_SERVING_RUNTIME =
      new ResourceType(InferenceService.GROUP, "v1alpha1", ServingRuntime.CLUSTER_KIND,
          "clusterservingruntimes", false);

  public static final List<ResourceType> ALL =
      List.of(INFERENCE_SERVICE, SERVICE, REVISION, CLUSTER_SERVING_RUNTIME);

  public String apiVersion() {
    return group + "/" + version;
  }

  /** The store's key for the kind: {@code group/Kind}. */
  public String groupKind() {
    return group + "/" + kind;
  }

  public static Optional<ResourceType> byPlural(String group, String version, String plural) {
    return ALL.stream()
        .filter(t -> t.group.equals(group) && t.version.equals(version) && t.plural.equals(plural))
        .findFirst();
  }
}
