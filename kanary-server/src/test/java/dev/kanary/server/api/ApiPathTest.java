package dev.kanary.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.server.store.ResourceType;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApiPathTest {
  private static final String ISVCS =
      "/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices";
  private static final String KSVC = "/apis/serving.knative.dev/v1/namespaces/ns/services";
  private static final String REVS = "/apis/serving.knative.dev/v1/namespaces/ns/revisions";
  private static final String RUNTIMES = "/apis/serving.kserve.io/v1alpha1/clusterservingruntimes";

  static Stream<Arguments> served() {
    return Stream.of(
        argumentSet("namespaced collection", ISVCS,
            new ApiPath(ResourceType.INFERENCE_SERVICE, "ns", null, false)),
        argumentSet("namespaced object", ISVCS + "/iris",
            new ApiPath(ResourceType.INFERENCE_SERVICE, "ns", "iris", false)),
        argumentSet("its status", ISVCS + "/iris/status",
            new ApiPath(ResourceType.INFERENCE_SERVICE, "ns", "iris", true)),
        argumentSet("a trailing slash", ISVCS + "/iris/",
            new ApiPath(ResourceType.INFERENCE_SERVICE, "ns", "iris", false)),
        argumentSet("knative services", KSVC + "/s",
            new ApiPath(ResourceType.SERVICE, "ns", "s", false)),
        argumentSet("revision status", REVS + "/s-00001/status",
            new ApiPath(ResourceType.REVISION, "ns", "s-00001", true)),
        argumentSet("all namespaces", "/apis/serving.knative.dev/v1/revisions",
            new ApiPath(ResourceType.REVISION, null, null, false)),
        argumentSet("cluster-scoped collection", RUNTIMES,
            new ApiPath(ResourceType.CLUSTER_SERVING_RUNTIME, null, null, false)),
        argumentSet("cluster-scoped object", RUNTIMES + "/kanary-onnx",
            new ApiPath(ResourceType.CLUSTER_SERVING_RUNTIME, null, "kanary-onnx", false)));
  }

  @ParameterizedTest
  @MethodSource("served")
  void parses(String path, ApiPath expected) {
    assertThat(ApiPath.parse(path)).isEqualTo(expected);
  }

  static Stream<Arguments> notServed() {
    return Stream.of(
        argumentSet("the root", "/", "paths look like /apis/{group}/{version}"),
        argumentSet("core API", "/api/v1/namespaces/ns/pods", "paths look like"),
        argumentSet("unknown plural", "/apis/serving.kserve.io/v1beta1/namespaces/ns/widgets",
            "serving.kserve.io/v1beta1 serves no such kind; served are"
                + " serving.kserve.io/v1beta1 inferenceservices"),
        argumentSet("wrong version",
            "/apis/serving.kserve.io/v1alpha1/namespaces/ns/inferenceservices",
            "serves no such kind"),
        argumentSet("beyond status", ISVCS + "/iris/status/x", "paths look like"),
        argumentSet("another subresource", ISVCS + "/iris/scale", "paths look like"),
        argumentSet("a namespaced object without its namespace",
            "/apis/serving.kserve.io/v1beta1/inferenceservices/iris",
            "inferenceservices are namespaced; use /apis/serving.kserve.io/v1beta1/namespaces/"),
        argumentSet("a cluster-scoped kind in a namespace",
            "/apis/serving.kserve.io/v1alpha1/namespaces/ns/clusterservingruntimes",
            "clusterservingruntimes are cluster-scoped"));
  }

  @ParameterizedTest
  @MethodSource("notServed")
  void refusesWith404(String path, String message) {
    assertThatThrownBy(() -> ApiPath.parse(path))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status().code()).isEqualTo(404);
          assertThat(e.status().reason()).isEqualTo("NotFound");
          assertThat(e.status().message()).contains(message);
        });
  }
}
