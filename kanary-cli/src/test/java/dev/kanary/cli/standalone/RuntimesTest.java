package dev.kanary.cli.standalone;

import static dev.kanary.cli.standalone.TestServers.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.server.KanaryServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtimes other than the built-in one, as users add them: a ClusterServingRuntime applied
 * through the API, and a custom container on the predictor; plus the refusal when no runtime
 * serves a format, and deletion taking everything with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimesTest {
  private static final Path MODEL = Path.of("../examples/models/iris/model-1").toAbsolutePath()
      .normalize();
  private static final String ISVCS =
      "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices";
  private static final String RUNTIMES = "/apis/serving.kserve.io/v1alpha1/clusterservingruntimes";
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir static Path dataDir;
  private KanaryServer server;
  private ApiClient api;

  @BeforeAll
  void startServer() {
    server = TestServers.start(dataDir);
    api = TestServers.client(server);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  void theBuiltInRuntimeIsInstalled() {
    JsonNode runtime = api.get(RUNTIMES + "/kanary-onnx").body();
    assertThat(runtime.at("/spec/supportedModelFormats/0/name").asText()).isEqualTo("onnx");
    assertThat(runtime.at("/spec/containers/0/command/0").asText()).isEqualTo("kanary");
  }

  @Test
  void anAppliedRuntimeServesItsFormat() {
    String runtime = """
        apiVersion: serving.kserve.io/v1alpha1
        kind: ClusterServingRuntime
        metadata: {name: my-runtime}
        spec:
          supportedModelFormats: [{name: my-format, autoSelect: true}]
          protocolVersions: [v2]
          containers:
          - name: kserve-container
            command: [kanary, model-server]
            args: [--model-dir, "{{.ModelDir}}", --model-name, "{{.Name}}", --http-port, "$(PORT)"]
        """;
    assertThat(api.post(RUNTIMES, runtime, "application/yaml").code()).isEqualTo(201);

    create("""
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata: {name: by-runtime}
        spec:
          predictor:
            model:
              modelFormat: {name: my-format}
              protocolVersion: v2
              storageUri: %s
        """.formatted(MODEL));

    awaitReady("by-runtime");
  }

  @Test
  void aCustomContainerRunsWithKubernetesVariableReferences() {
    create("""
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata: {name: custom}
        spec:
          predictor:
            containers:
            - name: kserve-container
              command: [kanary, model-server, --model-dir, /mnt/models]
              args: [--model-name, "$(MODEL_NAME)"]
              env:
              - {name: STORAGE_URI, value: "%s"}
        """.formatted(MODEL));

    awaitReady("custom");
  }

  @Test
  void aFormatNoRuntimeServesIsRefusedInStatus() {
    create("""
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata: {name: no-runtime}
        spec:
          predictor:
            model:
              modelFormat: {name: xgboost}
              storageUri: %s
        """.formatted(MODEL));

    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
      JsonNode predictorReady = condition(api.get(ISVCS + "/no-runtime").body(), "PredictorReady");
      assertThat(predictorReady.at("/status").asText()).isEqualTo("False");
      assertThat(predictorReady.at("/reason").asText()).isEqualTo("NoSupportingRuntime");
      assertThat(predictorReady.at("/message").asText())
          .isEqualTo("No runtime found to support predictor with model type: xgboost");
    });
  }

  @Test
  void deletingAnInferenceServiceTakesItsServiceRevisionsAndReplicas() {
    create("""
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata: {name: short-lived}
        spec:
          predictor:
            model:
              modelFormat: {name: onnx}
              storageUri: %s
        """.formatted(MODEL));
    awaitReady("short-lived");

    assertThat(api.delete(ISVCS + "/short-lived").code()).isEqualTo(200);

    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(api.get(ISVCS + "/short-lived").code()).as("isvc").isEqualTo(404);
      assertThat(api.get("/apis/serving.knative.dev/v1/namespaces/default/services"
          + "/short-lived-predictor").code()).as("service").isEqualTo(404);
      assertThat(api.get("/apis/serving.knative.dev/v1/namespaces/default/revisions"
          + "/short-lived-predictor-00001").code()).as("revision").isEqualTo(404);
      assertThat(server.supervisor().replicas())
          .noneMatch(r -> r.revision().startsWith("default/short-lived-"));
    });
  }

  private void create(String yaml) {
    ApiClient.Reply reply = api.post(ISVCS, yaml, "application/yaml");
    assertThat(reply.code()).as(reply.body().toString()).isEqualTo(201);
  }

  private void awaitReady(String name) {
    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() ->
        assertThat(condition(api.get(ISVCS + "/" + name).body(), "Ready").at("/status").asText())
            .isEqualTo("True"));
  }

}
