package dev.kanary.modelserver.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.modelserver.inference.ErrorKind;
import dev.kanary.modelserver.inference.ServingException;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class JsonTensorsTest {
  static Stream<Arguments> everyDatatype() {
    return Stream.of(
        arguments(DataType.BOOL, "[true,false,true]", 3),
        arguments(DataType.UINT8, "[0,7,255]", 3),
        arguments(DataType.UINT16, "[0,65535]", 4),
        arguments(DataType.UINT32, "[0,4294967295]", 8),
        arguments(DataType.UINT64, "[0,18446744073709551615]", 16),
        arguments(DataType.INT8, "[-128,127]", 2),
        arguments(DataType.INT16, "[-32768,32767]", 4),
        arguments(DataType.INT32, "[-2147483648,2147483647]", 8),
        arguments(DataType.INT64, "[-9223372036854775808,9223372036854775807]", 16),
        arguments(DataType.FP16, "[1.5,-0.25,65504.0]", 6),
        arguments(DataType.BF16, "[1.5,-0.25,3.0]", 6),
        arguments(DataType.FP32, "[1.5,-0.25,6.8]", 12),
        arguments(DataType.FP64, "[1.5,-0.25,6.8]", 24),
        arguments(DataType.BYTES, "[\"iris\",\"\",\"né\"]", 4 + 4 + 4 + 4 + 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDatatype")
  void everyDatatypeRoundTripsThroughTheRawLayout(DataType type, String data, int bytes) {
    Tensor tensor = JsonTensorReader.read("x", type, Shape.of(-1), parse(data));

    assertThat(tensor.byteSize()).isEqualTo(bytes);
    assertThat(JsonBodies.write(g -> JsonTensorWriter.writeFlat(g, tensor)))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo(data);
  }

  @Test
  void nestedDataIsReadRowMajor() {
    Tensor tensor = JsonTensorReader.read("x", DataType.INT32, Shape.of(2, 2), parse("[[1,2],[3,4]]"));

    assertThat(JsonBodies.write(g -> JsonTensorWriter.writeFlat(g, tensor)))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("[1,2,3,4]");
    assertThat(JsonBodies.write(g -> JsonTensorWriter.writeNested(g, tensor)))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("[[1,2],[3,4]]");
  }

  @Test
  void integralFloatsAreAcceptedForIntegers() {
    Tensor tensor = JsonTensorReader.read("x", DataType.INT64, Shape.of(1), parse("[2.0]"));

    assertThat(tensor.data().getLong()).isEqualTo(2);
  }

  @Test
  void aScalarIsWrittenBare() {
    Tensor tensor = JsonTensorReader.read("x", DataType.FP32, Shape.of(), parse("0.5"));

    assertThat(JsonBodies.write(g -> JsonTensorWriter.writeNested(g, tensor)))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("0.5");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          FP32   | [1, "a"]   | Input "x": element 1 is "a", expected a number for FP32.
          INT64  | [1.5]      | Input "x": element 0 is 1.5, expected an integer for INT64.
          INT8   | [128]      | Input "x": element 0 is 128, expected an integer from -128 to 127 for INT8.
          UINT8  | [-1]       | Input "x": element 0 is -1, expected an integer from 0 to 255 for UINT8.
          INT64  | [1e30]     | Input "x": element 0 is 1.0E30, expected an integer from -9223372036854775808 to 9223372036854775807 for INT64.
          UINT64 | [-1]       | Input "x": element 0 is -1, expected an integer from 0 to 18446744073709551615 for UINT64.
          BOOL   | [1]        | Input "x": element 0 is 1, expected true or false for BOOL.
          BYTES  | [1]        | Input "x": element 0 is 1, expected a string for BYTES.
          FP32   | [[1], null]| Input "x": element 1 is null, expected a number for FP32.
          """)
  void elementsThatDoNotFitTheDatatypeAreRefused(DataType type, String data, String message) {
    assertThatThrownBy(() -> JsonTensorReader.read("x", type, Shape.of(-1), parse(data)))
        .isInstanceOfSatisfying(
            ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          [[1,2],[3,4],[5,6]] | [3, 2]
          [1,2,3]             | [3]
          7                   | []
          [[[1],[2]]]         | [1, 2, 1]
          [[]]                | [1, 0]
          """)
  void nestedShapeFollowsTheArrays(String data, String shape) {
    assertThat(JsonTensorReader.nestedShape("instances", parse(data))).hasToString(shape);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          [[1,2],[3]]      | instances is not a rectangular array: expected 2 elements at depth 1 as in the first row, got 1.
          [[1,2],3]        | instances is not a rectangular array: expected 2 elements at depth 1 as in the first row, got a value.
          [[1,2],[3,[4]]]  | instances is not a rectangular array: an element at depth 2 is an array where the first row has a value.
          """)
  void raggedArraysHaveNoShape(String data, String message) {
    assertThatThrownBy(() -> JsonTensorReader.nestedShape("instances", parse(data)))
        .isInstanceOf(ServingException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"a":          | Unrecognized request format: Unexpected end-of-input within/between Object entries
          not json       | Unrecognized request format: Unrecognized token 'not'
          {} {}          | Unrecognized request format: Trailing token (of type START_OBJECT) found after value
          '   '          | Unrecognized request format: the body is empty
          """)
  void aBodyThatIsNotJsonIsInvalidInput(String body, String messageStart) {
    assertThatThrownBy(() -> JsonBodies.parse(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageStartingWith(messageStart);
  }

  private static JsonNode parse(String json) {
    return JsonBodies.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
