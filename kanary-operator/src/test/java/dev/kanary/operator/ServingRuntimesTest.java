package dev.kanary.operator;

import static dev.kanary.operator.MockCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.kanary.core.condition.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ServingRuntimes and ClusterServingRuntimes against fabric8's mock API server, the real operator
 * running: the predictor runs the container KServe's selection picks, merged with the model's,
 * and a runtime that cannot serve is reported in status with KServe's reason. Each test serves its
 * own model format, since ClusterServingRuntimes are seen by every InferenceService.
 */
class ServingRuntimesTest {
  @RegisterExtension
  static final MockCluster cluster = new MockCluster();

  private static String runtime(String kind, String name, String format, String image,
      String specFields) {
    return """
        apiVersion: serving.kserve.io/v1alpha1
        kind: %s
        metadata:
          name: %s
        spec:
          supportedModelFormats: [{name: %s, version: "1", autoSelect: true, priority: 1}]
          protocolVersions: [v1, v2]
          containers:
          - name: kserve-container
            image: %s
            args: ["--model_name={{.Name}}", --model_dir=/mnt/models, --http_port=8080]
            env: [{name: PROTOCOL, value: v1}, {name: SERVED_MODEL, value: "{{.Name}}"}]
            ports: [{containerPort: 8080, protocol: TCP}]
        %s
        """.formatted(kind, name, format, image, specFields.indent(2));
  }

  private static String isvc(String name, String annotations, String modelFields) {
    return """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: %s
          annotations: {%s}
        spec:
          predictor:
            model:
              storageUri: gs://models/%s
        %s
        """.formatted(name, annotations, name, modelFields.indent(6));
  }

  private static Container awaitKsvcContainer(String isvc) {
    return cluster.awaitKsvc(isvc + "-predictor").getSpec().getTemplate().getSpec()
        .getContainers().getFirst();
  }

  /** The ksvc's container once it runs {@code image}: the informers may lag the test's writes. */
  private static Container awaitKsvcContainer(String isvc, String image) {
    return await().atMost(WAIT).until(() -> awaitKsvcContainer(isvc),
        c -> image.equals(c.getImage()));
  }

  private static Condition awaitPredictorFailure(String isvc, String reason) {
    return await().atMost(WAIT).until(
        () -> cluster.isvc(isvc).flatMap(i -> i.statusOrEmpty().condition("PredictorReady"))
            .orElse(null),
        c -> c != null && c.isFalse() && reason.equals(c.reason()));
  }

  @Test
  void aClusterRuntimeServesItsFormatWithTheModelMergedIn() {
    cluster.createRuntime(runtime("ClusterServingRuntime", "sklearn-server", "sklearn",
        "kserve/sklearnserver:v0.15.0", ""));
    cluster.createIsvc(isvc("sk", "", """
        modelFormat: {name: sklearn}
        args: [--workers=2]
        env: [{name: PROTOCOL, value: v2}, {name: EXTRA, value: yes}]
        """));

    Container server = awaitKsvcContainer("sk");

    assertThat(server.getName()).isEqualTo("kserve-container");
    assertThat(server.getImage()).isEqualTo("kserve/sklearnserver:v0.15.0");
    assertThat(server.getArgs()).containsExactly("--model_name=sk", "--model_dir=/mnt/models",
        "--http_port=8080", "--workers=2");
    assertThat(server.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).containsExactly(
        tuple("PROTOCOL", "v2"), tuple("SERVED_MODEL", "sk"), tuple("EXTRA", "yes"));
    assertThat(server.getVolumeMounts()).singleElement()
        .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/mnt/models"));
    assertThat(cluster.ksvc("sk-predictor").orElseThrow().getSpec().getTemplate().getSpec()
        .getInitContainers()).singleElement()
        .satisfies(init -> assertThat(init.getArgs()).containsExactly("gs://models/sk",
            "/mnt/models"));
  }

  @Test
  void aServingRuntimeWinsOverTheClusterRuntimeOfTheSameName() {
    cluster.createRuntime(runtime("ClusterServingRuntime", "xgb-server", "xgboost",
        "cluster/xgb:1", ""));
    cluster.createRuntime(runtime("ServingRuntime", "xgb-server", "xgboost",
        "namespace/xgb:1", ""));
    cluster.createIsvc(isvc("xgb-named", "", """
        modelFormat: {name: xgboost}
        runtime: xgb-server
        """));
    cluster.createIsvc(isvc("xgb-auto", "", "modelFormat: {name: xgboost}"));

    awaitKsvcContainer("xgb-named", "namespace/xgb:1");
    awaitKsvcContainer("xgb-auto", "namespace/xgb:1");
  }

  @Test
  void aDisabledRuntimeNamedByTheModelIsReported() {
    cluster.createRuntime(runtime("ClusterServingRuntime", "paddle-server", "paddle",
        "kserve/paddleserver:v0.15.0", "disabled: true"));
    cluster.createIsvc(isvc("paddle", "", """
        modelFormat: {name: paddle}
        runtime: paddle-server
        """));

    Condition failure = awaitPredictorFailure("paddle", "RuntimeDisabled");

    assertThat(failure.message()).isEqualTo("Specified runtime paddle-server is disabled");
    assertThat(cluster.ksvc("paddle-predictor")).isEmpty();
  }

  @Test
  void aFormatNoRuntimeServesIsReportedUntilARuntimeForItArrives() {
    cluster.createIsvc(isvc("pmml", "", "modelFormat: {name: pmml}"));

    Condition failure = awaitPredictorFailure("pmml", "NoSupportingRuntime");
    assertThat(failure.message())
        .isEqualTo("No runtime found to support predictor with model type: pmml");
    assertThat(cluster.ksvc("pmml-predictor")).isEmpty();

    // The runtime's own event brings the InferenceService back; nothing else changes.
    cluster.createRuntime(runtime("ClusterServingRuntime", "pmml-server", "pmml",
        "kserve/pmmlserver:v0.15.0", ""));
    awaitKsvcContainer("pmml", "kserve/pmmlserver:v0.15.0");

    cluster.editClusterRuntime("pmml-server", spec -> {
      @SuppressWarnings("unchecked")
      var container = (Map<String, Object>) ((List<?>) spec.get("containers")).getFirst();
      container.put("image", "kserve/pmmlserver:v0.16.0");
    });
    awaitKsvcContainer("pmml", "kserve/pmmlserver:v0.16.0");
  }

  @Test
  void theRuntimesPodFieldsLabelsAndAnnotationsGoUnderThePredictorsOwn() {
    cluster.createRuntime(runtime("ClusterServingRuntime", "triton-gpu", "triton",
        "nvcr.io/nvidia/tritonserver:24.08-py3", """
            nodeSelector: {accelerator: a100, zone: a}
            tolerations: [{key: nvidia.com/gpu, operator: Exists}]
            volumes: [{name: shm, emptyDir: {medium: Memory}}]
            labels: {team: ml}
            annotations: {prometheus.io/scrape: "true", prometheus.io/port: "8002"}
            """));
    cluster.createIsvc("""
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: triton
          annotations: {prometheus.io/port: "9000"}
        spec:
          predictor:
            nodeSelector: {zone: b}
            model:
              modelFormat: {name: triton}
              storageUri: gs://models/triton
        """);

    var template = await().atMost(WAIT)
        .until(() -> cluster.ksvc("triton-predictor"), ksvc -> ksvc.isPresent())
        .orElseThrow().getSpec().getTemplate();

    assertThat(template.getSpec().getNodeSelector())
        .isEqualTo(Map.of("accelerator", "a100", "zone", "b"));
    assertThat(template.getSpec().getTolerations()).singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
    assertThat(template.getSpec().getVolumes()).extracting(v -> v.getName())
        .containsExactly("shm", "kserve-provision-location");
    assertThat(template.getMetadata().getLabels()).containsEntry("team", "ml");
    assertThat(template.getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "9000");
  }

  @Test
  void standardModeRunsTheSameContainer() {
    cluster.createRuntime(runtime("ClusterServingRuntime", "lgbm-server", "lightgbm",
        "kserve/lgbserver:v0.15.0", ""));
    cluster.createIsvc(isvc("lgbm", "serving.kserve.io/deploymentMode: Standard",
        "modelFormat: {name: lightgbm}"));

    var deployment = await().atMost(WAIT)
        .until(() -> cluster.deployment("lgbm-predictor-00001"), d -> d.isPresent())
        .orElseThrow();
    Container server = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();

    assertThat(server.getImage()).isEqualTo("kserve/lgbserver:v0.15.0");
    assertThat(server.getArgs()).containsExactly("--model_name=lgbm",
        "--model_dir=/mnt/models", "--http_port=8080");
    assertThat(server.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).containsExactly(
        tuple("PROTOCOL", "v1"), tuple("SERVED_MODEL", "lgbm"));
  }

  @Test
  void onnxStillRunsOnTheBuiltInModelServer() {
    cluster.createIsvc(isvc("iris", "", "modelFormat: {name: onnx}"));

    Container server = awaitKsvcContainer("iris");

    assertThat(server.getImage()).isEqualTo("kanary/kanary:0.1.0");
    assertThat(server.getCommand()).containsExactly("kanary", "model-server");
    assertThat(server.getArgs()).containsExactly("--model-dir", "/mnt/models", "--model-name",
        "iris", "--http-port", "8080", "--bind", "0.0.0.0");
  }
}
