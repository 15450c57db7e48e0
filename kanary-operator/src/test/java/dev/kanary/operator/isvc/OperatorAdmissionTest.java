package dev.kanary.operator.isvc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kanary.core.admission.InferenceServiceDefaults;
import dev.kanary.core.json.Json;
import dev.kanary.core.kserve.InferenceService;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What KServe's webhook would refuse, found by the operator: KServe's TestDeploymentModeUpdate
 * (reference/kserve.md §5.7) and kanary's refusal of the Standard-mode canary list.
 */
class OperatorAdmissionTest {
  private static InferenceService isvc(String annotations, String spec) {
    try {
      return InferenceServiceDefaults.apply(Json.yaml().readValue("""
          metadata: {name: foo, namespace: default, annotations: {%s}}
          spec: {predictor: {onnx: {storageUri: gs://b/m}}%s}
          """.formatted(annotations, spec), InferenceService.class));
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static String mode(String value) {
    return "serving.kserve.io/deploymentMode: " + value;
  }

  static Stream<Arguments> cases() {
    String changed = "update rejected: deploymentMode cannot be changed from '%s' to '%s'";
    return Stream.of(
        Arguments.of("Knative to Standard", "Knative", mode("Standard"), "",
            changed.formatted("Knative", "Standard")),
        Arguments.of("Knative stays Knative", "Knative", mode("Knative"), "", null),
        Arguments.of("RawDeployment is Standard", "RawDeployment", mode("Standard"), "", null),
        Arguments.of("Serverless is Knative", "Serverless", mode("Knative"), "", null),
        Arguments.of("RawDeployment to Knative", "RawDeployment", mode("Knative"), "",
            changed.formatted("Standard", "Knative")),
        Arguments.of("nothing recorded yet, Knative", null, mode("Knative"), "", null),
        Arguments.of("nothing recorded yet, Serverless", null, mode("Serverless"), "", null),
        Arguments.of("nothing recorded yet, Standard", null, mode("Standard"), "", null),
        Arguments.of("no annotation", "Standard", "", "", null),
        Arguments.of("KServe's canary list", null, mode("Standard"),
            ", canary: [{trafficPercent: 10}]",
            "spec.canary: Forbidden: kanary does not implement KServe's list of canary"
                + " predictors; set spec.predictor.canaryTrafficPercent instead, which kanary"
                + " honours in Standard mode too"),
        Arguments.of("a transformer", null, "", ", transformer: {containers: [{name: t}]}",
            "spec.transformer: Forbidden: kanary's operator runs the predictor only; remove the"
                + " transformer or serve it as a separate InferenceService"),
        Arguments.of("an explainer", null, "", ", explainer: {containers: [{name: e}]}",
            "spec.explainer: Forbidden: kanary's operator runs the predictor only; remove the"
                + " explainer or serve it as a separate InferenceService"),
        Arguments.of("the other checks still run", null, mode("ModelMesh"), "",
            "metadata.annotations.serving.kserve.io/deploymentMode: Unsupported value:"
                + " \"ModelMesh\": kanary's operator serves the Knative and Standard modes; remove"
                + " the annotation or set it to \"Knative\" or \"Standard\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWhatKServeRefuses(
      String name, String recorded, String annotations, String spec, String expected) {
    assertThat(OperatorAdmission.problem(isvc(annotations, spec), recorded))
        .isEqualTo(Optional.ofNullable(expected));
  }
}
