package dev.kanary.operator;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The optional APIs the cluster serves, found once at start through API discovery: Knative
 * Serving for Knative mode, the Gateway API for Standard mode.
 */
public record ClusterApis(boolean knative, boolean gatewayApi) {

  public static ClusterApis discover(KubernetesClient client) {
    return new ClusterApis(
        client.supports(io.fabric8.knative.serving.v1.Service.class),
        client.supports(HTTPRoute.class));
  }
}
