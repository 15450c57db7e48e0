package dev.kanary.server.api;

import static dev.kanary.server.api.AdmissionTest.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.server.store.ResourceType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectIdentityTest {
  private static final ApiPath COLLECTION =
      new ApiPath(ResourceType.INFERENCE_SERVICE, "ns", null, false);
  private static final ApiPath OBJECT =
      new ApiPath(ResourceType.INFERENCE_SERVICE, "ns", "iris", false);
  private static final ApiPath RUNTIME =
      new ApiPath(ResourceType.CLUSTER_SERVING_RUNTIME, null, "r", false);

  @Test
  void theUrlFillsWhatTheBodyLeavesOut() {
    assertThat(ObjectIdentity.conform(OBJECT, doc("spec: {a: 1}"))).isEqualTo(doc("""
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        spec: {a: 1}
        metadata: {name: iris, namespace: ns}
        """));
  }

  @Test
  void aCreateKeepsTheBodysNameAndGetsTheNamespace() {
    assertThat(ObjectIdentity.conform(COLLECTION, doc("metadata: {name: x}")).get("metadata"))
        .isEqualTo(doc("{name: x, namespace: ns}"));
  }

  @Test
  void aClusterScopedObjectHasNoNamespace() {
    assertThat(ObjectIdentity.conform(RUNTIME, doc("metadata: {namespace: ns}")).get("metadata"))
        .isEqualTo(doc("{name: r}"));
  }

  static Stream<Arguments> mismatches() {
    return Stream.of(
        argumentSet("name", OBJECT, "metadata: {name: other}",
            "the name of the object (other) does not match the name on the URL (iris)"),
        argumentSet("namespace", COLLECTION, "metadata: {name: a, namespace: other}",
            "the namespace of the provided object (other) does not match the namespace sent on"
                + " the request (ns)"),
        argumentSet("kind", OBJECT, "kind: Service",
            "the kind in the data (Service) does not match the kind of the URL"
                + " (InferenceService)"),
        argumentSet("apiVersion", OBJECT, "apiVersion: serving.kserve.io/v1alpha1",
            "the API version in the data (serving.kserve.io/v1alpha1) does not match the expected"
                + " API version (serving.kserve.io/v1beta1)"),
        argumentSet("metadata", OBJECT, "metadata: [a]", "metadata must be an object"));
  }

  @ParameterizedTest
  @MethodSource("mismatches")
  void refusesWith400(ApiPath path, String body, String message) {
    assertThatThrownBy(() -> ObjectIdentity.conform(path, doc(body)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status().code()).isEqualTo(400);
          assertThat(e.status().message()).startsWith(message);
        });
  }
}
