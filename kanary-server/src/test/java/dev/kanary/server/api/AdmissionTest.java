package dev.kanary.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.server.store.ResourceType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Admission of each kind, without HTTP: a document in, the stored document or a 422 out. */
class AdmissionTest {
  private static final String ISVC = """
      apiVersion: serving.kserve.io/v1beta1
      kind: InferenceService
      metadata: {name: iris, namespace: ns}
      spec:
        predictor:
          model: {modelFormat: {name: onnx}, storageUri: /models/iris}
      """;
  private static final String KSVC = """
      apiVersion: serving.knative.dev/v1
      kind: Service
      metadata: {name: iris-predictor, namespace: ns}
      spec:
        template:
          spec:
            containers: [{name: kserve-container, command: [serve]}]
      """;
  private static final String REVISION = """
      apiVersion: serving.knative.dev/v1
      kind: Revision
      metadata: {name: iris-predictor-00001, namespace: ns, labels: {a: b}}
      spec:
        containerConcurrency: 0
        containers: [{name: kserve-container, command: [serve, --port, "8080"]}]
      """;
  private static final String RUNTIME = """
      apiVersion: serving.kserve.io/v1alpha1
      kind: ClusterServingRuntime
      metadata: {name: my-runtime}
      spec:
        supportedModelFormats: [{name: sklearn, autoSelect: true}]
        protocolVersions: [v1]
        containers:
          - name: kserve-container
            command: [python, -m, server]
      """;

  static Stream<Arguments> valid() {
    return Stream.of(
        argumentSet("an InferenceService", ResourceType.INFERENCE_SERVICE, ISVC),
        argumentSet("an InferenceService with a generateName",
            ResourceType.INFERENCE_SERVICE, ISVC.replace("name: iris,", "generateName: iris-,")),
        argumentSet("a Service without traffic", ResourceType.SERVICE, KSVC),
        argumentSet("a Service with a split", ResourceType.SERVICE, KSVC + """
              traffic:
                - {revisionName: iris-predictor-00001, percent: 90}
                - {latestRevision: true, percent: 10, tag: latest}
            """),
        argumentSet("a Revision", ResourceType.REVISION, REVISION),
        argumentSet("a ClusterServingRuntime", ResourceType.CLUSTER_SERVING_RUNTIME, RUNTIME));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void admits(ResourceType type, String yaml) {
    ObjectNode admitted = Admission.forType(type).admit(doc(yaml), null);

    assertThat(admitted.path("spec")).isNotEmpty();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        argumentSet("InferenceService: KServe's name rule", ResourceType.INFERENCE_SERVICE,
            ISVC.replace("name: iris", "name: 1iris"),
            "the InferenceService \"1iris\" is invalid: a InferenceService name must consist of"
                + " lower case alphanumeric characters or '-'"),
        argumentSet("InferenceService: no predictor", ResourceType.INFERENCE_SERVICE,
            ISVC.replaceAll("(?s)spec:.*", "spec: {}\n"),
            "spec.predictor: Required value"),
        argumentSet("InferenceService: two implementations", ResourceType.INFERENCE_SERVICE,
            ISVC + "    sklearn: {storageUri: /m}\n",
            "exactly one of [SKLearn, XGBoost, Tensorflow, PyTorch, Triton, ONNX, HuggingFace,"
                + " PMML, LightGBM, Paddle, Model, StorageUris, WorkerSpec, PodSpec] must be"
                + " specified in PredictorSpec"),
        argumentSet("InferenceService: canary percent out of range",
            ResourceType.INFERENCE_SERVICE, ISVC + "    canaryTrafficPercent: 120\n",
            "expected 0 <= 120 <= 100: spec.predictor.canaryTrafficPercent"),
        argumentSet("InferenceService: a field of the wrong type names its path",
            ResourceType.INFERENCE_SERVICE, ISVC + "    minReplicas: lots\n",
            "spec.predictor.minReplicas: Invalid value: Cannot deserialize value of type Integer"
                + " from String \"lots\""),
        argumentSet("InferenceService: a list where an object goes",
            ResourceType.INFERENCE_SERVICE, ISVC.replace("spec:\n", "spec: []\nx:\n"),
            "spec: Invalid value: Cannot deserialize value of type InferenceServiceSpec"),
        argumentSet("Service: no template", ResourceType.SERVICE,
            KSVC.replaceAll("(?s)spec:.*", "spec: {}\n"),
            "missing field(s): spec.template"),
        argumentSet("Service: Knative's traffic sum", ResourceType.SERVICE, KSVC + """
              traffic:
                - {revisionName: iris-predictor-00001, percent: 80}
                - {latestRevision: true, percent: 10}
            """, "Traffic targets sum to 90, want 100: spec.traffic"),
        argumentSet("Service: Knative's duplicate tag", ResourceType.SERVICE, KSVC + """
              traffic:
                - {revisionName: iris-predictor-00001, percent: 50, tag: a}
                - {latestRevision: true, percent: 50, tag: a}
            """, "Multiple definitions for \"a\": spec.traffic[0].tag, spec.traffic[1].tag"),
        argumentSet("Service: a configurationName is not for a Service", ResourceType.SERVICE,
            KSVC + """
              traffic: [{configurationName: other, percent: 100}]
            """, "must not set the field(s): spec.traffic[0].configurationName"),
        argumentSet("Service: Knative's name rule", ResourceType.SERVICE,
            KSVC.replace("name: iris-predictor", "name: iris.predictor"),
            "not a DNS 1035 label"),
        argumentSet("ClusterServingRuntime: no formats", ResourceType.CLUSTER_SERVING_RUNTIME,
            RUNTIME.replace("[{name: sklearn, autoSelect: true}]", "[]"),
            "spec.supportedModelFormats: Required value: name the model formats the runtime"
                + " serves"),
        argumentSet("ClusterServingRuntime: a format without a name",
            ResourceType.CLUSTER_SERVING_RUNTIME,
            RUNTIME.replace("[{name: sklearn, autoSelect: true}]", "[{name: a}, {version: '1'}]"),
            "spec.supportedModelFormats[1].name: Required value"),
        argumentSet("ClusterServingRuntime: an image but no command",
            ResourceType.CLUSTER_SERVING_RUNTIME,
            RUNTIME.replace("command: [python, -m, server]", "image: kserve/sklearnserver"),
            "spec.containers[0].command: Required value: kanary starts the runtime's first"
                + " container as a local process and has no images"),
        argumentSet("ClusterServingRuntime: no containers", ResourceType.CLUSTER_SERVING_RUNTIME,
            RUNTIME.replaceAll("(?s)  containers:.*", ""),
            "spec.containers[0].command: Required value"),
        argumentSet("ClusterServingRuntime: no spec", ResourceType.CLUSTER_SERVING_RUNTIME,
            RUNTIME.replaceAll("(?s)spec:.*", ""),
            "spec.supportedModelFormats: Required value"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void refusesWith422(ResourceType type, String yaml, String message) {
    assertThatThrownBy(() -> Admission.forType(type).admit(doc(yaml), null))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status().code()).isEqualTo(422);
          assertThat(e.status().reason()).isEqualTo("Invalid");
          assertThat(e.status().message()).contains(message);
          assertThat(e.status().details().kind()).isEqualTo(type.plural());
        });
  }

  @Test
  void inferenceServiceDefaultsAreStored() {
    ObjectNode admitted = Admission.forType(ResourceType.INFERENCE_SERVICE).admit(doc("""
        metadata:
          name: iris
          annotations: {serving.kserve.io/deploymentMode: Serverless}
        spec:
          predictor:
            model: {modelFormat: {name: onnx}, storageUri: /models/iris}
        """), null);

    assertThat(admitted.path("apiVersion").asText()).isEqualTo("serving.kserve.io/v1beta1");
    assertThat(admitted.path("kind").asText()).isEqualTo("InferenceService");
    assertThat(admitted.at("/metadata/annotations/serving.kserve.io~1deploymentMode").asText())
        .isEqualTo("Knative");
  }

  @Test
  void inferenceServiceFieldsKanaryDoesNotModelAreKept() {
    ObjectNode admitted = Admission.forType(ResourceType.INFERENCE_SERVICE)
        .admit(doc(ISVC + "    someFutureField: {x: [1, 2]}\n"), null);

    assertThat(admitted.at("/spec/predictor/someFutureField")).isEqualTo(doc("{x: [1, 2]}"));
  }

  @Test
  void serviceTrafficIsDefaultedAsKnativeDoes() {
    ObjectNode admitted = Admission.forType(ResourceType.SERVICE).admit(doc(KSVC), null);

    assertThat(admitted.at("/spec/traffic"))
        .hasToString("[{\"latestRevision\":true,\"percent\":100}]");
  }

  @Test
  void aRevisionUpdateThatKeepsTheSpecIsAdmitted() {
    ObjectNode current = doc(REVISION);
    ObjectNode relabelled = doc(REVISION.replace("labels: {a: b}", "labels: {a: c}"));

    assertThat(Admission.forType(ResourceType.REVISION).admit(relabelled, current))
        .isEqualTo(relabelled);
  }

  @Test
  void aRevisionSpecIsImmutable() {
    ObjectNode current = doc(REVISION);
    ObjectNode changed = doc(REVISION.replace("\"8080\"", "\"9090\""));

    assertThatThrownBy(() -> Admission.forType(ResourceType.REVISION).admit(changed, current))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status().code()).isEqualTo(422);
          assertThat(e.status().message()).isEqualTo("""
              Immutable fields changed (-old +new): spec
              spec.containers[0].command[2]:
              \t-: "8080"
              \t+: "9090"
              """);
        });
  }

  @Test
  void aRevisionSpecComparesNumbersByValue() {
    ObjectNode current = doc(REVISION);
    ObjectNode same = doc(REVISION);
    ((ObjectNode) same.get("spec")).put("containerConcurrency", 0L);

    assertThat(Admission.forType(ResourceType.REVISION).admit(same, current)).isEqualTo(same);
  }

  static ObjectNode doc(String yaml) {
    try {
      JsonNode node = Json.yaml().readTree(yaml);
      return (ObjectNode) node;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
