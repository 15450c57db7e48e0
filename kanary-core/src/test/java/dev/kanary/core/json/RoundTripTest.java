package dev.kanary.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.core.knative.Service;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.core.kserve.ServingRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A user's full YAML survives load and save: every field, modeled or not, comes back as it went. */
class RoundTripTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = RoundTripTest.class.getResourceAsStream("/roundtrip/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of("isvc-full.yaml", InferenceService.class),
        Arguments.of("ksvc.yaml", Service.class),
        Arguments.of("runtime.yaml", ServingRuntime.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void yamlSurvivesLoadAndSaveUnchanged(String name, Class<?> type) throws IOException {
    String yaml = resource(name);
    JsonNode original = Json.yaml().readTree(yaml);

    Object typed = Json.yaml().readValue(yaml, type);
    JsonNode viaYaml = Json.yaml().readTree(Json.toYaml(typed));
    JsonNode viaJson = Json.json().readTree(Json.toJson(typed));

    assertThat(viaYaml).isEqualTo(original);
    assertThat(viaJson).isEqualTo(original);
  }

  @Test
  void modeledFieldsAreReadFromTheirKServeNames() throws IOException {
    InferenceService isvc =
        Json.yaml().readValue(resource("isvc-full.yaml"), InferenceService.class);

    var predictor = isvc.spec().predictor();
    assertThat(predictor.canaryTrafficPercent()).isEqualTo(10L);
    assertThat(predictor.minReplicas()).isEqualTo(1);
    assertThat(predictor.model().formatName()).isEqualTo("sklearn");
    assertThat(predictor.model().storageUri())
        .isEqualTo("gs://kfserving-examples/models/sklearn/1.0/model-2");
    assertThat(isvc.status().component(dev.kanary.core.kserve.ComponentType.PREDICTOR)
        .latestRolledoutRevision()).isEqualTo("sklearn-iris-predictor-00001");
    assertThat(isvc.status().conditions().get(0).lastTransitionTime())
        .isEqualTo(java.time.Instant.parse("2026-11-21T10:00:00Z"));
    assertThat(isvc.status().conditions().get(0).severity()).isEmpty();
  }

  @Test
  void absentModeledFieldsAreOmittedNotWrittenAsNull() throws IOException {
    InferenceService isvc = Json.yaml().readValue("""
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata: {name: a}
        spec: {predictor: {model: {modelFormat: {name: onnx}, storageUri: file:///m}}}
        """, InferenceService.class);

    assertThat(Json.toJson(isvc)).isEqualTo("{\"apiVersion\":\"serving.kserve.io/v1beta1\","
        + "\"kind\":\"InferenceService\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"predictor\":"
        + "{\"model\":{\"modelFormat\":{\"name\":\"onnx\"},\"storageUri\":\"file:///m\"}}}}");
  }
}
