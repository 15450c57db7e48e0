package dev.kanary.operator;

import dev.kanary.core.kserve.ServingRuntime;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The optional APIs the cluster serves, found once at start through API discovery: Knative
 * Serving for Knative mode, the Gateway API for Standard mode, KServe's ServingRuntime and
 * ClusterServingRuntime for runtimes beyond the built-in one.
 */
public record ClusterApis(boolean knative, boolean gatewayApi, boolean servingRuntimes) {

  public static ClusterApis discover(KubernetesClient client) {
    return new ClusterApis(
        client.supports(io.fabric8.knative.serving.v1.Service.class),
        client.supports(HTTPRoute.class),
        client.supports(ServingRuntime.API_VERSION, ServingRuntime.KIND)
            && client.supports(ServingRuntime.API_VERSION, ServingRuntime.CLUSTER_KIND));
  }
}
