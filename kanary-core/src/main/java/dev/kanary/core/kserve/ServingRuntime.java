package dev.kanary.core.kserve;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.k8s.Records;
import java.util.Map;

/**
 * A ServingRuntime (namespaced) or ClusterServingRuntime (cluster-wide), serving.kserve.io/v1alpha1:
 * the command that serves a model format. The two kinds share one shape.
 */
public record ServingRuntime(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    ServingRuntimeSpec spec,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final String API_VERSION = InferenceService.GROUP + "/v1alpha1";
  public static final String KIND = "ServingRuntime";
  public static final String CLUSTER_KIND = "ClusterServingRuntime";

  public ServingRuntime {
    extra = Records.extra(extra);
  }

  public boolean isClusterScoped() {
    return CLUSTER_KIND.equals(kind);
  }
}
