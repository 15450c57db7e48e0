package dev.kanary.modelserver.v2;

import static dev.kanary.modelserver.TestTensors.floats;
import static dev.kanary.modelserver.TestTensors.fp32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanary.modelserver.inference.ErrorKind;
import dev.kanary.modelserver.inference.InferenceRequest;
import dev.kanary.modelserver.inference.InferenceResponse;
import dev.kanary.modelserver.inference.ServingException;
import dev.kanary.modelserver.json.JsonBodies;
import dev.kanary.modelserver.model.ModelSignature;
import dev.kanary.modelserver.model.TensorSpec;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class V2CodecTest {
  @Test
  void decodesARequestWithItsIdAndOutputs() {
    InferenceRequest request =
        decode(
            """
            {"id": "42",
             "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32",
                         "data": [[6.8, 2.8, 4.8, 1.4]], "parameters": {"content_type": "np"}}],
             "outputs": [{"name": "label"}]}""");

    assertThat(request.id()).isEqualTo("42");
    assertThat(request.outputs()).containsExactly("label");
    Tensor input = request.inputs().getFirst();
    assertThat(input.name()).isEqualTo("input");
    assertThat(input.shape()).isEqualTo(Shape.of(1, 4));
    assertThat(floats(input)).containsExactly(6.8f, 2.8f, 4.8f, 1.4f);
  }

  @Test
  void givesARequestWithoutIdAUuid() {
    InferenceRequest request =
        decode("{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}");

    assertThat(UUID.fromString(request.id())).isNotNull();
    assertThat(request.outputs()).isEmpty();
  }

  @Test
  void encodesTheResponseWithFlatData() {
    var response =
        new InferenceResponse("iris", "42", List.of(fp32("probabilities", Shape.of(1, 2), 0.25f, 0.75f)));

    assertThat(V2Codec.encodeInfer(response))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo(
            "{\"model_name\":\"iris\",\"id\":\"42\",\"outputs\":[{\"name\":\"probabilities\","
                + "\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[0.25,0.75]}]}");
  }

  @Test
  void describesTheModelWithDynamicDimensionsAsMinusOne() {
    var signature =
        new ModelSignature(
            List.of(new TensorSpec("input", DataType.FP32, Shape.of(-1, 4))),
            List.of(new TensorSpec("label", DataType.INT64, Shape.of(-1))));

    assertThat(JsonBodies.toBytes(V2Codec.modelMetadata("iris", signature)))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo(
            "{\"name\":\"iris\",\"platform\":\"onnxruntime_onnx\","
                + "\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,4]}],"
                + "\"outputs\":[{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[-1]}]}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          [1]                                                             | Expected the request body to be a JSON object.
          {}                                                              | Expected "inputs" to be a list
          {"inputs": {}}                                                  | Expected "inputs" to be a list
          {"inputs": [1]}                                                 | Input 0 is not an object.
          {"inputs": [{"shape": [1], "datatype": "FP32", "data": [1]}]}   | Input 0 has no "name" string.
          {"inputs": [{"name": "x", "shape": [1], "datatype": "FP33", "data": [1]}]} | Input "x": unknown datatype "FP33"; expected one of [BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BF16, BYTES].
          {"inputs": [{"name": "x", "shape": [1], "data": [1]}]}          | Input "x": expected "datatype" to be one of [BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BF16, BYTES].
          {"inputs": [{"name": "x", "datatype": "FP32", "data": [1]}]}    | Input "x": expected "shape" to be a list of sizes.
          {"inputs": [{"name": "x", "shape": [-1], "datatype": "FP32", "data": [1]}]} | Input "x": expected "shape" to hold sizes of 0 or more, got [-1].
          {"inputs": [{"name": "x", "shape": [1.5], "datatype": "FP32", "data": [1]}]} | Input "x": expected "shape" to hold sizes of 0 or more, got [1.5].
          {"inputs": [{"name": "x", "shape": [1], "datatype": "FP32"}]}   | Input "x": no "data".
          {"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": ["a"]}]} | Input "x": element 0 is "a", expected a number for FP32.
          {"id": 7, "inputs": []}                                         | Expected "id" to be a string, got 7.
          {"inputs": [], "outputs": {}}                                   | Expected "outputs" to be a list
          {"inputs": [], "outputs": [{"nom": "label"}]}                   | Requested output 0 has no "name" string.
          """)
  void refusesMalformedRequests(String body, String message) {
    assertThatThrownBy(() -> decode(body))
        .isInstanceOfSatisfying(
            ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessage(message);
  }

  private static InferenceRequest decode(String body) {
    return V2Codec.decodeInfer(JsonBodies.parse(body.getBytes(StandardCharsets.UTF_8)));
  }
}
