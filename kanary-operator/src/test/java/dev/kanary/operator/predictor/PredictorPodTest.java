package dev.kanary.operator.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kanary.core.json.Json;
import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.EnvVar;
import dev.kanary.core.kserve.PredictorSpec;
import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.core.runtime.RuntimeChoice;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PredictorPodTest {
  private static final RuntimeImages IMAGES = new RuntimeImages("server:1", "init:1");

  private static PredictorSpec predictor(String yaml) {
    try {
      return Json.yaml().readValue(yaml, PredictorSpec.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static PredictorPod built(String yaml) {
    return built(yaml, List.of());
  }

  private static PredictorPod built(String yaml, List<ServingRuntime> runtimes) {
    return ((PredictorPod.Result.Built) PredictorPod.build("iris", predictor(yaml), runtimes,
        IMAGES)).pod();
  }

  private static ServingRuntime runtime(String yaml) {
    try {
      return Json.yaml().readValue(yaml, ServingRuntime.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anOnnxModelRunsOnKanarysModelServerAfterTheStorageInitializer() {
    PredictorPod pod = built("""
        model: {modelFormat: {name: onnx}, storageUri: "s3://b/iris", args: [--max-batch, "8"]}
        serviceAccountName: models
        """);

    Container server = pod.containers().getFirst();
    assertThat(server.name()).isEqualTo("kserve-container");
    assertThat(server.image()).isEqualTo("server:1");
    assertThat(server.command()).containsExactly("kanary", "model-server");
    assertThat(server.args()).containsExactly("--model-dir", "/mnt/models", "--model-name", "iris",
        "--http-port", "8080", "--bind", "0.0.0.0", "--max-batch", "8");
    assertThat(pod.annotations()).containsExactly(
        Map.entry("internal.serving.kserve.io/storage-initializer-sourceuri", "s3://b/iris"));
    assertThat(server.extra()).containsEntry("volumeMounts", List.of(Map.of(
        "name", "kserve-provision-location", "mountPath", "/mnt/models", "readOnly", true)));
    assertThat(pod.podFields()).containsEntry("serviceAccountName", "models");
    assertThat(pod.podFields().get("initContainers")).isEqualTo(List.of(Map.of(
        "name", "storage-initializer", "image", "init:1", "args", List.of("s3://b/iris",
            "/mnt/models"), "volumeMounts", List.of(Map.of("name", "kserve-provision-location",
            "mountPath", "/mnt/models")))));
  }

  @Test
  void withoutStorageUriThereIsNoInitContainerVolumeOrMount() {
    PredictorPod pod = built("model: {modelFormat: {name: onnx}}");

    assertThat(pod.containers().getFirst().extra()).doesNotContainKey("volumeMounts");
    assertThat(pod.podFields()).isEmpty();
    assertThat(pod.annotations()).isEmpty();
  }

  @Test
  void aClusterRuntimeServesItsFormatWithTheModelMergedIn() {
    ServingRuntime sklearn = runtime("""
        apiVersion: serving.kserve.io/v1alpha1
        kind: ClusterServingRuntime
        metadata: {name: kserve-sklearnserver}
        spec:
          supportedModelFormats: [{name: sklearn, version: "1", autoSelect: true, priority: 1}]
          protocolVersions: [v1, v2]
          containers:
          - name: kserve-container
            image: kserve/sklearnserver:v0.15.0
            args: ["--model_name={{.Name}}", --model_dir=/mnt/models, --http_port=8080]
            env: [{name: A, value: runtime}]
        """);
    PredictorPod pod = built("""
        model:
          modelFormat: {name: sklearn}
          storageUri: gs://b/m
          args: [--workers=2]
          env: [{name: A, value: model}, {name: B, value: "{{.Name}}"}]
        """, List.of(sklearn));

    Container server = pod.containers().getFirst();
    assertThat(server.image()).isEqualTo("kserve/sklearnserver:v0.15.0");
    assertThat(server.args()).containsExactly("--model_name=iris", "--model_dir=/mnt/models",
        "--http_port=8080", "--workers=2");
    assertThat(server.env()).extracting(EnvVar::name, EnvVar::value).containsExactly(
        tuple("A", "model"), tuple("B", "iris"));
    assertThat(server.extra()).containsKey("volumeMounts");
    assertThat(pod.podFields()).containsKeys("initContainers", "volumes");
  }

  @Test
  void aCustomContainerRunsAsWritten() {
    PredictorPod pod = built("""
        containers:
        - {name: kserve-container, image: mine:2, ports: [{containerPort: 9000}]}
        """);

    assertThat(pod.containers()).singleElement()
        .satisfies(c -> assertThat(c.image()).isEqualTo("mine:2"));
    assertThat(pod.annotations()).isEmpty();
    assertThat(pod.podFields()).isEmpty();
  }

  static Stream<Arguments> unavailable() {
    return Stream.of(
        Arguments.of("model: {modelFormat: {name: sklearn}, storageUri: gs://b/m}",
            "NoSupportingRuntime",
            "No runtime found to support predictor with model type: sklearn"),
        Arguments.of("model: {modelFormat: {name: onnx}, runtime: triton, storageUri: gs://b/m}",
            "RuntimeNotRecognized",
            "No ServingRuntimes or ClusterServingRuntimes with the name: triton"),
        Arguments.of("minReplicas: 1", "InvalidPredictorSpec",
            "spec.predictor needs a model or a container"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("unavailable")
  void aModelWithoutARuntimeSaysWhy(String yaml, String reason, String message) {
    assertThat(PredictorPod.build("iris", predictor(yaml), List.of(), IMAGES)).isEqualTo(
        new PredictorPod.Result.Failed(new RuntimeChoice.Unavailable(reason, message)));
  }
}
