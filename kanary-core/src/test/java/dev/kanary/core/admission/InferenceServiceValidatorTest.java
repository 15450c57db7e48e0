package dev.kanary.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kanary.core.json.Json;
import dev.kanary.core.kserve.InferenceService;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * KServe's validation cases (reference/kserve.md §4 and §5.7) and kanary's additions, with KServe's
 * exact messages. Inputs are written as a user writes them.
 */
class InferenceServiceValidatorTest {
  private static final String EXACTLY_ONE_PREDICTOR = "exactly one of [SKLearn, XGBoost, Tensorflow,"
      + " PyTorch, Triton, ONNX, HuggingFace, PMML, LightGBM, Paddle, Model, StorageUris,"
      + " WorkerSpec, PodSpec] must be specified in PredictorSpec";
  private static final String BAD_NAME = "the InferenceService \"%s\" is invalid: a InferenceService"
      + " name must consist of lower case alphanumeric characters or '-', and must start with"
      + " alphabetical character. (e.g. \"my-name\" or \"abc-123\", regex used for validation is"
      + " '[a-z]([-a-z0-9]*[a-z0-9])?')";

  private static InferenceService parse(String yaml) {
    try {
      return Json.yaml().readValue(yaml, InferenceService.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** The base of KServe's tests: {@code foo} in {@code default}, a TF predictor. */
  private static String isvc(String name, String annotations, String spec) {
    return """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: %s
          namespace: default
          annotations: {%s}
        spec:
        %s
        """.formatted(name, annotations, spec.indent(2));
  }

  private static final String TF = """
      predictor:
        tensorflow:
          storageUri: gs://testbucket/testmodel
      """;

  private static String predictor(String extension) {
    return "predictor:\n  tensorflow:\n    storageUri: gs://testbucket/testmodel\n"
        + extension.indent(2);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("name abc-123 accepted", isvc("abc-123", "", TF), null),
        Arguments.of("name foo accepted", isvc("foo", "", TF), null),
        Arguments.of("name with a leading digit rejected", isvc("1abcde", "", TF),
            BAD_NAME.formatted("1abcde")),
        Arguments.of("name with a dot rejected", isvc("abc.de", "", TF),
            BAD_NAME.formatted("abc.de")),
        Arguments.of("RejectMultipleModelSpecs", isvc("foo", "", """
            predictor:
              tensorflow: {storageUri: gs://testbucket/testmodel}
              xgboost: {storageUri: gs://testbucket/other}
            """), EXACTLY_ONE_PREDICTOR),
        Arguments.of("RejectModelSpecMissing", isvc("foo", "", "predictor: {minReplicas: 1}"),
            EXACTLY_ONE_PREDICTOR),
        Arguments.of("model plus a kserve-container is two implementations", isvc("foo", "", """
            predictor:
              model: {modelFormat: {name: onnx}, storageUri: file:///m}
              containers: [{name: kserve-container, image: x}]
            """), EXACTLY_ONE_PREDICTOR),
        Arguments.of("model plus a sidecar container is one implementation", isvc("foo", "", """
            predictor:
              model: {modelFormat: {name: onnx}, storageUri: file:///m}
              containers: [{name: sidecar, image: x}]
            """), null),
        Arguments.of("a custom container alone", isvc("foo", "", """
            predictor:
              containers: [{name: kserve-container, command: [python, -m, server]}]
            """), null),
        Arguments.of("BadParallelismValues", isvc("foo", "", predictor("containerConcurrency: -1")),
            "parallelism cannot be less than 0"),
        Arguments.of("BadReplicaValues min -1", isvc("foo", "", predictor("minReplicas: -1")),
            "'MinReplicas' cannot be less than 0"),
        Arguments.of("BadReplicaValues max -1", isvc("foo", "", predictor("maxReplicas: -1")),
            "'MaxReplicas' cannot be less than 0"),
        Arguments.of("BadReplicaValues min 2 max 1",
            isvc("foo", "", predictor("minReplicas: 2\nmaxReplicas: 1")),
            "'MinReplicas' cannot be greater than MaxReplicas"),
        Arguments.of("default min 1 above max 0 is fine", isvc("foo", "", predictor("maxReplicas: 0")),
            null),
        Arguments.of("transformer min -1", isvc("foo", "", TF + """
            transformer:
              minReplicas: -1
              containers: [{name: kserve-container, image: t}]
            """), "'MinReplicas' cannot be less than 0"),
        Arguments.of("explainer min 2 max 1", isvc("foo", "", TF + """
            explainer:
              minReplicas: 2
              maxReplicas: 1
              containers: [{name: kserve-container, image: e}]
            """), "'MinReplicas' cannot be greater than MaxReplicas"),
        Arguments.of("RejectBadTransformer", isvc("foo", "", TF + "transformer: {minReplicas: 1}"),
            "exactly one of [PodSpec] must be specified in TransformerSpec"),
        Arguments.of("RejectBadExplainer", isvc("foo", "", TF + "explainer: {minReplicas: 1}"),
            "exactly one of [ART, PodSpec] must be specified in ExplainerSpec"),
        Arguments.of("CustomizeDeploymentStrategyUnsupportedForServerless",
            isvc("foo", "", predictor("deploymentStrategy: {type: Recreate}")),
            "customizing deploymentStrategy is only supported for raw deployment mode"),
        Arguments.of("InvalidNameInSKLearnPredictor", isvc("foo", "", """
            predictor:
              sklearn: {name: my-container, storageUri: gs://b/m}
            """), "the 'name' field is not allowed in standard predictor"),
        Arguments.of("unsupported autoscaler class", isvc("foo",
            "serving.kserve.io/autoscalerClass: fancy", TF),
            "[fancy] is not a supported autoscaler class type"),
        Arguments.of("KPA metric must be concurrency or rps",
            isvc("foo", "", predictor("scaleMetric: cpu")), "[cpu] is not a supported metric"),
        Arguments.of("rps target below 1",
            isvc("foo", "", predictor("scaleMetric: rps\nscaleTarget: 0")),
            "the target for rps should be greater than 1"),
        Arguments.of("HPA class takes cpu and memory",
            isvc("foo", "autoscaling.knative.dev/class: hpa.autoscaling.knative.dev",
                predictor("scaleMetric: rps")), "[rps] is not a supported metric"),
        Arguments.of("HPA cpu target above 100",
            isvc("foo", "autoscaling.knative.dev/class: hpa.autoscaling.knative.dev",
                predictor("scaleMetric: cpu\nscaleTarget: 101")),
            "the target utilization percentage should be a [1-100] integer"),
        Arguments.of("collocated transformer must not set STORAGE_URI", isvc("foo", "", """
            predictor:
              containers:
              - name: kserve-container
                image: p
              - name: transformer-container
                image: t
                env: [{name: STORAGE_URI, value: gs://x}]
            """), "storage uri should not be specified in transformer container"),
        Arguments.of("storageUri and storageUris together", isvc("foo", "", """
            predictor:
              model: {modelFormat: {name: onnx}, storageUri: file:///a}
              storageUris: [{uri: file:///b}]
            """), "Setting both StorageURI and StorageURIs is not supported."),
        Arguments.of("storageUris alone is not an implementation", isvc("foo", "", """
            predictor:
              storageUris: [{uri: file:///b}]
            """), EXACTLY_ONE_PREDICTOR),
        Arguments.of("canary 0 and 100 are in range",
            isvc("foo", "", predictor("canaryTrafficPercent: 0")), null),
        Arguments.of("canary 100", isvc("foo", "", predictor("canaryTrafficPercent: 100")), null),
        Arguments.of("canary above 100 refused at admission",
            isvc("foo", "", predictor("canaryTrafficPercent: 150")),
            "expected 0 <= 150 <= 100: spec.predictor.canaryTrafficPercent"),
        Arguments.of("negative canary refused at admission",
            isvc("foo", "", predictor("canaryTrafficPercent: -10")),
            "expected 0 <= -10 <= 100: spec.predictor.canaryTrafficPercent"),
        Arguments.of("transformer canary out of range", isvc("foo", "", TF + """
            transformer:
              canaryTrafficPercent: 101
              containers: [{name: kserve-container, image: t}]
            """), "expected 0 <= 101 <= 100: spec.transformer.canaryTrafficPercent"),
        Arguments.of("Standard mode is not served",
            isvc("foo", "serving.kserve.io/deploymentMode: Standard", TF),
            "metadata.annotations.serving.kserve.io/deploymentMode: Unsupported value: \"Standard\":"
                + " kanary serves InferenceServices in Knative mode only; remove the annotation or"
                + " set it to \"Knative\""),
        Arguments.of("Serverless is the legacy name of Knative mode",
            isvc("foo", "serving.kserve.io/deploymentMode: Serverless", TF), null),
        Arguments.of("model without a format", isvc("foo", "", """
            predictor:
              model: {storageUri: file:///m}
            """), "spec.predictor.model.modelFormat.name: Required value: name the model's format,"
            + " e.g. modelFormat: {name: onnx}"),
        Arguments.of("no predictor", isvc("foo", "", "transformer: {containers: [{name: t}]}"),
            "spec.predictor: Required value: an InferenceService needs a predictor, e.g."
                + " spec.predictor.model {modelFormat: {name: onnx}, storageUri: ...}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validatesAsKServe(String name, String yaml, String expected) {
    assertThat(InferenceServiceValidator.validate(parse(yaml)))
        .isEqualTo(Optional.ofNullable(expected));
  }

  static Stream<Arguments> operatorModes() {
    return Stream.of(
        Arguments.of("Standard", null),
        Arguments.of("RawDeployment", null),
        Arguments.of("Knative", null),
        Arguments.of("Serverless", null),
        Arguments.of("ModelMesh", "metadata.annotations.serving.kserve.io/deploymentMode:"
            + " Unsupported value: \"ModelMesh\": kanary's operator serves the Knative and Standard"
            + " modes; remove the annotation or set it to \"Knative\" or \"Standard\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operatorModes")
  void operatorServesKnativeAndStandardModes(String mode, String expected) {
    InferenceService isvc = parse(isvc("foo", "serving.kserve.io/deploymentMode: " + mode, TF));

    assertThat(InferenceServiceValidator.validateForOperator(isvc))
        .isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void operatorRunsTheOtherChecksToo() {
    InferenceService isvc = parse(isvc("1abc", "serving.kserve.io/deploymentMode: Standard", TF));

    assertThat(InferenceServiceValidator.validateForOperator(isvc)).contains(BAD_NAME.formatted("1abc"));
  }

  @Test
  void defaultsNamespaceKindAndLegacyModes() {
    InferenceService isvc = parse("""
        metadata:
          name: foo
          annotations: {serving.kserve.io/deploymentMode: Serverless}
        spec: {predictor: {onnx: {storageUri: file:///m}}}
        """);

    InferenceService defaulted = InferenceServiceDefaults.apply(isvc);

    assertThat(defaulted.metadata().namespace()).isEqualTo("default");
    assertThat(defaulted.apiVersion()).isEqualTo("serving.kserve.io/v1beta1");
    assertThat(defaulted.kind()).isEqualTo("InferenceService");
    assertThat(defaulted.metadata().annotation("serving.kserve.io/deploymentMode"))
        .isEqualTo("Knative");
    assertThat(defaulted.spec().predictor().effectiveModel().orElseThrow().formatName())
        .isEqualTo("onnx");
  }
}
