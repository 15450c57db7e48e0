package dev.kanary.modelserver.inference;

import static dev.kanary.modelserver.TestTensors.fp32;
import static dev.kanary.modelserver.TestTensors.raw;
import static dev.kanary.modelserver.TestTensors.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.kanary.modelserver.model.ModelSignature;
import dev.kanary.modelserver.model.TensorSpec;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InputCheckerTest {
  private static final ModelSignature SIGNATURE =
      new ModelSignature(
          List.of(
              new TensorSpec("input", DataType.FP32, Shape.of(-1, 4)),
              new TensorSpec("words", DataType.BYTES, Shape.of(2))),
          List.of(new TensorSpec("label", DataType.INT64, Shape.of(-1))));
  private static final int MAX_BATCH = 3;

  private static final Tensor INPUT = fp32("input", Shape.of(1, 4), 1, 2, 3, 4);
  private static final Tensor WORDS = strings("words", Shape.of(2), "a", "b");

  @Test
  void givesTheInputsInTheModelsOrder() {
    assertThat(InputChecker.check(SIGNATURE, List.of(WORDS, INPUT), MAX_BATCH))
        .containsExactly(INPUT, WORDS);
  }

  @Test
  void acceptsABatchAtTheMaximum() {
    Tensor batch = fp32("input", Shape.of(3, 4), new float[12]);
    assertThat(InputChecker.check(SIGNATURE, List.of(batch, WORDS), MAX_BATCH)).hasSize(2);
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        arguments(
            named("an input the model does not have", List.of(INPUT, WORDS, INPUT.withName("x"))),
            "Unexpected input \"x\": the model's inputs are input (FP32 [-1, 4]),"
                + " words (BYTES [2])."),
        arguments(
            named("the same input twice", List.of(INPUT, WORDS, INPUT)),
            "Input \"input\" is given more than once."),
        arguments(
            named("a missing input", List.of(INPUT)),
            "Missing input \"words\": the model expects BYTES [2]."),
        arguments(
            named("another datatype", List.of(raw("input", DataType.FP64, Shape.of(1, 4), 32), WORDS)),
            "Input \"input\": expected datatype FP32, got FP64."),
        arguments(
            named("another rank", List.of(fp32("input", Shape.of(4), 1, 2, 3, 4), WORDS)),
            "Input \"input\": expected shape [-1, 4], got [4]."),
        arguments(
            named("another fixed dimension", List.of(fp32("input", Shape.of(1, 3), 1, 2, 3), WORDS)),
            "Input \"input\": expected shape [-1, 4], got [1, 3]."),
        arguments(
            named("a dynamic dimension in a request", List.of(fp32("input", Shape.of(-1, 4)), WORDS)),
            "Input \"input\": expected shape [-1, 4], got [-1, 4]."),
        arguments(
            named("a batch above the maximum", List.of(fp32("input", Shape.of(4, 4), new float[16]), WORDS)),
            "Input \"input\": batch size 4 is above the maximum of 3."),
        arguments(
            named("fewer elements than the shape", List.of(fp32("input", Shape.of(2, 4), 1, 2, 3, 4), WORDS)),
            "Input \"input\": shape [2, 4] holds 8 elements, got 4."),
        arguments(
            named("bytes that are not whole elements", List.of(raw("input", DataType.FP32, Shape.of(1, 4), 15), WORDS)),
            "Input \"input\": 15 bytes is not a whole number of FP32 elements."),
        arguments(
            named("too many strings", List.of(INPUT, strings("words", Shape.of(2), "a", "b", "c"))),
            "Input \"words\": shape [2] holds 2 elements, got 3."),
        arguments(
            named(
                "a malformed BYTES buffer",
                List.of(
                    INPUT,
                    new Tensor("words", DataType.BYTES, Shape.of(2), ByteBuffer.wrap(new byte[] {9, 0, 0, 0})))),
            "Input \"words\": BYTES element 0 declares 9 bytes but only 0 remain."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void refusesWithAMessageNamingTheInput(List<Tensor> inputs, String message) {
    assertThatThrownBy(() -> InputChecker.check(SIGNATURE, inputs, MAX_BATCH))
        .isInstanceOfSatisfying(
            ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessage(message);
  }
}
