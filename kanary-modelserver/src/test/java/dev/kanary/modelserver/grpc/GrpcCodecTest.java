package dev.kanary.modelserver.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.ByteString;
import dev.kanary.modelserver.grpc.proto.InferTensorContents;
import dev.kanary.modelserver.grpc.proto.ModelInferRequest;
import dev.kanary.modelserver.grpc.proto.ModelInferRequest.InferInputTensor;
import dev.kanary.modelserver.grpc.proto.ModelInferResponse;
import dev.kanary.modelserver.inference.ErrorKind;
import dev.kanary.modelserver.inference.InferenceRequest;
import dev.kanary.modelserver.inference.InferenceResponse;
import dev.kanary.modelserver.inference.ServingException;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import io.grpc.Status;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class GrpcCodecTest {
  static Stream<Arguments> typedContents() {
    return Stream.of(
        arguments(DataType.BOOL, InferTensorContents.newBuilder().addBoolContents(true).addBoolContents(false)),
        arguments(DataType.INT8, InferTensorContents.newBuilder().addIntContents(-128).addIntContents(127)),
        arguments(DataType.INT16, InferTensorContents.newBuilder().addIntContents(-32768).addIntContents(1)),
        arguments(DataType.INT32, InferTensorContents.newBuilder().addIntContents(Integer.MIN_VALUE).addIntContents(3)),
        arguments(DataType.INT64, InferTensorContents.newBuilder().addInt64Contents(Long.MIN_VALUE).addInt64Contents(4)),
        arguments(DataType.UINT8, InferTensorContents.newBuilder().addUintContents(255).addUintContents(0)),
        arguments(DataType.UINT16, InferTensorContents.newBuilder().addUintContents(65535).addUintContents(1)),
        arguments(DataType.UINT32, InferTensorContents.newBuilder().addUintContents(-1).addUintContents(2)),
        arguments(DataType.UINT64, InferTensorContents.newBuilder().addUint64Contents(-1L).addUint64Contents(3)),
        arguments(DataType.FP32, InferTensorContents.newBuilder().addFp32Contents(6.8f).addFp32Contents(-1)),
        arguments(DataType.FP64, InferTensorContents.newBuilder().addFp64Contents(6.8).addFp64Contents(-1)),
        arguments(
            DataType.BYTES,
            InferTensorContents.newBuilder()
                .addBytesContents(ByteString.copyFromUtf8("iris"))
                .addBytesContents(ByteString.EMPTY)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typedContents")
  void typedContentsRoundTrip(DataType type, InferTensorContents.Builder contents) {
    InferenceRequest request = decode(input("x", type, 2).setContents(contents));
    Tensor tensor = request.inputs().getFirst();

    assertThat(tensor.shape()).isEqualTo(Shape.of(2));
    ModelInferResponse response = encode(tensor, false);
    assertThat(response.getOutputs(0).getContents()).isEqualTo(contents.build());
    assertThat(response.getRawOutputContentsCount()).isZero();
  }

  @Test
  void rawContentsPassThroughAsTheyAre() {
    ByteString raw = ByteString.copyFrom(littleEndianFloats(6.8f, 2.8f, 4.8f, 1.4f));
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("iris")
            .setId("7")
            .addInputs(input("input", DataType.FP32, 1, 4))
            .addRawInputContents(raw)
            .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("label"))
            .build();

    InferenceRequest decoded = GrpcCodec.decodeInfer(request);
    assertThat(decoded.id()).isEqualTo("7");
    assertThat(decoded.outputs()).containsExactly("label");
    Tensor tensor = decoded.inputs().getFirst();
    assertThat(tensor.data().getFloat(0)).isEqualTo(6.8f);

    ModelInferResponse response = encode(tensor, true);
    assertThat(response.getRawOutputContents(0)).isEqualTo(raw);
    assertThat(response.getOutputs(0).hasContents()).isFalse();
    assertThat(response.getOutputs(0).getShapeList()).containsExactly(1L, 4L);
  }

  @ParameterizedTest
  @EnumSource(names = {"FP16", "BF16"})
  void halfFloatsAlwaysTravelRaw(DataType type) {
    Tensor half = new Tensor("h", type, Shape.of(1), ByteBuffer.allocate(2));

    assertThat(encode(half, false).getRawOutputContentsCount()).isEqualTo(1);
  }

  @Test
  void aRequestWithoutIdGetsAUuid() {
    InferenceRequest request = decode(input("x", DataType.FP32, 1).setContents(
        InferTensorContents.newBuilder().addFp32Contents(1)));

    assertThat(UUID.fromString(request.id())).isNotNull();
  }

  static Stream<Arguments> malformed() {
    InferInputTensor.Builder fp32 = input("x", DataType.FP32, 1);
    ByteString fourBytes = ByteString.copyFrom(new byte[4]);
    return Stream.of(
        arguments(
            named("fewer raw contents than inputs",
                ModelInferRequest.newBuilder().addInputs(fp32).addInputs(input("y", DataType.FP32, 1))
                    .addRawInputContents(fourBytes)),
            "raw_input_contents has 1 entries for 2 inputs."),
        arguments(
            named("raw and typed contents together",
                ModelInferRequest.newBuilder()
                    .addInputs(input("x", DataType.FP32, 1).setContents(
                        InferTensorContents.newBuilder().addFp32Contents(1)))
                    .addRawInputContents(fourBytes)),
            "Input \"x\": contents must be empty when raw_input_contents is used."),
        arguments(
            named("an unknown datatype",
                ModelInferRequest.newBuilder().addInputs(input("x", DataType.FP32, 1).setDatatype("FLOAT"))),
            "Input \"x\": unknown datatype \"FLOAT\"."),
        arguments(
            named("a negative dimension",
                ModelInferRequest.newBuilder().addInputs(input("x", DataType.FP32, -1))),
            "Input \"x\": expected shape to hold sizes of 0 or more, got [-1]."),
        arguments(
            named("FP16 in typed contents",
                ModelInferRequest.newBuilder().addInputs(input("x", DataType.FP16, 1))),
            "Input \"x\": FP16 has no typed contents field; send it in raw_input_contents."),
        arguments(
            named("an INT8 out of range",
                ModelInferRequest.newBuilder().addInputs(input("x", DataType.INT8, 1).setContents(
                    InferTensorContents.newBuilder().addIntContents(200)))),
            "Input \"x\": 200 is out of range for INT8 (-128 to 127)."),
        arguments(
            named("a UINT16 out of range",
                ModelInferRequest.newBuilder().addInputs(input("x", DataType.UINT16, 1).setContents(
                    InferTensorContents.newBuilder().addUintContents(70000)))),
            "Input \"x\": 70000 is out of range for UINT16 (0 to 65535)."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refusesMalformedRequests(ModelInferRequest.Builder request, String message) {
    assertThatThrownBy(() -> GrpcCodec.decodeInfer(request.build()))
        .isInstanceOfSatisfying(
            ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessage(message);
  }

  @Test
  void failuresMapToTheProtocolsCodes() {
    assertThat(GrpcStatuses.of(ServingException.modelNotFound("x")).getStatus().getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(GrpcStatuses.of(ServingException.invalidInput("bad")).getStatus().getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(GrpcStatuses.of(ServingException.modelNotReady("x")).getStatus().getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(GrpcStatuses.of(ServingException.versionsNotSupported()).getStatus().getCode())
        .isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(GrpcStatuses.of(new IllegalStateException("boom")).getStatus())
        .satisfies(s -> assertThat(s.getCode()).isEqualTo(Status.Code.INTERNAL))
        .satisfies(s -> assertThat(s.getDescription()).isEqualTo("IllegalStateException : boom"));
  }

  private static InferInputTensor.Builder input(String name, DataType type, long... shape) {
    InferInputTensor.Builder input = InferInputTensor.newBuilder().setName(name).setDatatype(type.name());
    for (long dim : shape) {
      input.addShape(dim);
    }
    return input;
  }

  private static InferenceRequest decode(InferInputTensor.Builder input) {
    return GrpcCodec.decodeInfer(ModelInferRequest.newBuilder().setModelName("m").addInputs(input).build());
  }

  private static ModelInferResponse encode(Tensor tensor, boolean raw) {
    return GrpcCodec.encodeInfer(new InferenceResponse("m", "1", List.of(tensor)), raw);
  }

  private static byte[] littleEndianFloats(float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      buffer.putFloat(value);
    }
    return buffer.array();
  }
}
