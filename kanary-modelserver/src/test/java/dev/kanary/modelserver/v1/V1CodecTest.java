package dev.kanary.modelserver.v1;

import static dev.kanary.modelserver.TestTensors.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanary.modelserver.inference.ErrorKind;
import dev.kanary.modelserver.inference.ServingException;
import dev.kanary.modelserver.json.JsonBodies;
import dev.kanary.modelserver.json.JsonTensorReader;
import dev.kanary.modelserver.model.ModelSignature;
import dev.kanary.modelserver.model.TensorSpec;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class V1CodecTest {
  private static final ModelSignature IRIS =
      new ModelSignature(
          List.of(new TensorSpec("input", DataType.FP32, Shape.of(-1, 4))),
          List.of(new TensorSpec("label", DataType.INT64, Shape.of(-1))));
  private static final ModelSignature TWO_INPUTS =
      new ModelSignature(
          List.of(
              new TensorSpec("a", DataType.INT64, Shape.of(-1)),
              new TensorSpec("b", DataType.BYTES, Shape.of(-1, 2))),
          List.of(new TensorSpec("y", DataType.FP32, Shape.of(-1))));

  @ParameterizedTest
  @ValueSource(strings = {"instances", "inputs"})
  void rowsFeedTheOnlyInputWithItsNameAndType(String key) {
    List<Tensor> inputs =
        decode("{\"" + key + "\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}", IRIS);

    Tensor input = inputs.getFirst();
    assertThat(input.name()).isEqualTo("input");
    assertThat(input.datatype()).isEqualTo(DataType.FP32);
    assertThat(input.shape()).isEqualTo(Shape.of(2, 4));
    assertThat(floats(input)).containsExactly(6.8f, 2.8f, 4.8f, 1.4f, 6.0f, 3.4f, 4.5f, 1.6f);
  }

  @Test
  void objectsFeedInputsByName() {
    List<Tensor> inputs =
        decode(
            "{\"instances\": [{\"a\": 1, \"b\": [\"x\", \"y\"]}, {\"a\": 2, \"b\": [\"z\", \"w\"]}]}",
            TWO_INPUTS);

    assertThat(inputs)
        .extracting(Tensor::name, Tensor::datatype, Tensor::shape)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", DataType.INT64, Shape.of(2)),
            org.assertj.core.groups.Tuple.tuple("b", DataType.BYTES, Shape.of(2, 2)));
  }

  @Test
  void predictionsAreTheFirstOutputNestedPerInstance() {
    Tensor labels =
        JsonTensorReader.read(
            "label", DataType.INT64, Shape.of(2), JsonBodies.parse("[1, 1]".getBytes(StandardCharsets.UTF_8)));

    assertThat(V1Codec.encodePredictions(labels))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("{\"predictions\":[1,1]}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          [[1, 2, 3, 4]]                           | Expected the request body to be a JSON object.
          {"rows": [[1, 2, 3, 4]]}                 | Expected "instances" or "inputs" in the request body
          {"instances": {"input": [1, 2, 3, 4]}}   | Expected "instances" to be a list
          {"inputs": 5}                            | Expected "inputs" to be a list
          {"instances": []}                        | Expected "instances" to hold at least one instance
          {"instances": [[1, 2], [3]]}             | "instances" for input "input" is not a rectangular array: expected 2 elements at depth 1 as in the first row, got 1.
          {"instances": [["a", 2, 3, 4]]}          | Input "input": element 0 is "a", expected a number for FP32.
          {"instances": [{"x": [1, 2, 3, 4]}]}     | Unexpected input "x": the model's inputs are input (FP32 [-1, 4]).
          """)
  void refusesInstancesThatDoNotFit(String body, String message) {
    assertThatThrownBy(() -> decode(body, IRIS))
        .isInstanceOfSatisfying(
            ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"instances": [[1, ["x", "y"]]]}                          | The model has 2 inputs, a (INT64 [-1]), b (BYTES [-1, 2]); send each instance as an object keyed by input name.
          {"instances": [{"a": 1, "b": ["x", "y"]}, {"a": 2}]}      | Instance 1 of "instances" does not have the same inputs [a, b] as the first.
          {"instances": [{"a": 1, "b": ["x", "y"]}, [2]]}           | Instance 1 of "instances" does not have the same inputs [a, b] as the first.
          """)
  void refusesInstancesThatDoNotNameTheInputs(String body, String message) {
    assertThatThrownBy(() -> decode(body, TWO_INPUTS))
        .isInstanceOf(ServingException.class)
        .hasMessage(message);
  }

  private static List<Tensor> decode(String body, ModelSignature signature) {
    return V1Codec.decodeInstances(JsonBodies.parse(body.getBytes(StandardCharsets.UTF_8)), signature);
  }
}
