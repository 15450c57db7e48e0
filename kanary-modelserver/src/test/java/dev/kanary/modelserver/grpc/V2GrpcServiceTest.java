package dev.kanary.modelserver.grpc;

import static dev.kanary.modelserver.TestServers.IRIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.ByteString;
import dev.kanary.modelserver.ModelServer;
import dev.kanary.modelserver.ModelServerConfig;
import dev.kanary.modelserver.TestModels;
import dev.kanary.modelserver.TestServers;
import dev.kanary.modelserver.grpc.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.kanary.modelserver.grpc.proto.InferTensorContents;
import dev.kanary.modelserver.grpc.proto.ModelInferRequest;
import dev.kanary.modelserver.grpc.proto.ModelInferRequest.InferInputTensor;
import dev.kanary.modelserver.grpc.proto.ModelInferResponse;
import dev.kanary.modelserver.grpc.proto.ModelMetadataRequest;
import dev.kanary.modelserver.grpc.proto.ModelMetadataResponse;
import dev.kanary.modelserver.grpc.proto.ModelReadyRequest;
import dev.kanary.modelserver.grpc.proto.ServerLiveRequest;
import dev.kanary.modelserver.grpc.proto.ServerMetadataRequest;
import dev.kanary.modelserver.grpc.proto.ServerReadyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class V2GrpcServiceTest {
  private static final float[] TWO_FLOWERS = {6.8f, 2.8f, 4.8f, 1.4f, 6.0f, 3.4f, 4.5f, 1.6f};

  private final GRPCInferenceServiceBlockingStub client =
      TestServers.grpc(TestServers.iris(1).grpcPort());

  @ParameterizedTest(name = "model-{0}")
  @ValueSource(ints = {1, 2})
  void infersWithTypedContents(int version) {
    GRPCInferenceServiceBlockingStub irisClient = TestServers.grpc(TestServers.iris(version).grpcPort());
    InferTensorContents.Builder contents = InferTensorContents.newBuilder();
    for (float value : TWO_FLOWERS) {
      contents.addFp32Contents(value);
    }

    ModelInferResponse response =
        irisClient.modelInfer(request(input -> input.setContents(contents)).setId("g-1").build());

    assertThat(response.getModelName()).isEqualTo(IRIS);
    assertThat(response.getId()).isEqualTo("g-1");
    assertThat(response.getOutputs(0).getName()).isEqualTo("label");
    assertThat(response.getOutputs(0).getDatatype()).isEqualTo("INT64");
    assertThat(response.getOutputs(0).getShapeList()).containsExactly(2L);
    assertThat(response.getOutputs(0).getContents().getInt64ContentsList()).containsExactly(1L, 1L);
    assertThat(response.getOutputs(1).getName()).isEqualTo("probabilities");
    assertThat(response.getOutputs(1).getShapeList()).containsExactly(2L, 3L);
    assertThat(response.getOutputs(1).getContents().getFp32ContentsCount()).isEqualTo(6);
    assertThat(response.getRawOutputContentsCount()).isZero();
  }

  @ParameterizedTest(name = "model-{0}")
  @ValueSource(ints = {1, 2})
  void infersWithRawContents(int version) {
    GRPCInferenceServiceBlockingStub irisClient = TestServers.grpc(TestServers.iris(version).grpcPort());
    ByteBuffer raw = ByteBuffer.allocate(TWO_FLOWERS.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : TWO_FLOWERS) {
      raw.putFloat(value);
    }

    ModelInferResponse response =
        irisClient.modelInfer(
            request(input -> {}).addRawInputContents(ByteString.copyFrom(raw.flip())).build());

    assertThat(response.getRawOutputContentsCount()).isEqualTo(2);
    assertThat(response.getOutputs(0).hasContents()).isFalse();
    ByteBuffer labels = response.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(labels.remaining()).isEqualTo(16);
    assertThat(labels.getLong(0)).isEqualTo(1);
    assertThat(labels.getLong(8)).isEqualTo(1);
    ByteBuffer probabilities =
        response.getRawOutputContents(1).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(probabilities.remaining()).isEqualTo(2 * 3 * 4);
    assertThat(probabilities.getFloat(4)).isGreaterThan(0.5f);
  }

  @Test
  void answersHealthAndMetadata() {
    assertThat(client.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    assertThat(client.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
    assertThat(client.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName())
        .isEqualTo("kanary");
    assertThat(client.modelReady(ModelReadyRequest.newBuilder().setName(IRIS).build()).getReady())
        .isTrue();
    ModelMetadataResponse metadata =
        client.modelMetadata(ModelMetadataRequest.newBuilder().setName(IRIS).build());
    assertThat(metadata.getPlatform()).isEqualTo("onnxruntime_onnx");
    assertThat(metadata.getInputs(0).getName()).isEqualTo("input");
    assertThat(metadata.getInputs(0).getDatatype()).isEqualTo("FP32");
    assertThat(metadata.getInputs(0).getShapeList()).containsExactly(-1L, 4L);
    assertThat(metadata.getOutputsList()).extracting(t -> t.getName())
        .containsExactly("label", "probabilities");
  }

  static Stream<Arguments> failures() {
    InferTensorContents fourFloats =
        InferTensorContents.newBuilder().addAllFp32Contents(List.of(1f, 2f, 3f, 4f)).build();
    return Stream.of(
        arguments(
            named("an unknown model",
                (Call) c -> c.modelInfer(request(i -> i.setContents(fourFloats)).setModelName("nope").build())),
            Status.Code.NOT_FOUND, "Model with name nope does not exist."),
        arguments(
            named("the metadata of an unknown model",
                (Call) c -> c.modelMetadata(ModelMetadataRequest.newBuilder().setName("nope").build())),
            Status.Code.NOT_FOUND, "Model with name nope does not exist."),
        arguments(
            named("the readiness of an unknown model",
                (Call) c -> c.modelReady(ModelReadyRequest.newBuilder().setName("nope").build())),
            Status.Code.NOT_FOUND, "Model with name nope does not exist."),
        arguments(
            named("a model version",
                (Call) c -> c.modelInfer(request(i -> i.setContents(fourFloats)).setModelVersion("1").build())),
            Status.Code.UNIMPLEMENTED, "Model versioning not supported yet."),
        arguments(
            named("a wrong shape",
                (Call) c -> c.modelInfer(request(i -> i.clearShape().addShape(1).addShape(4).setContents(
                    InferTensorContents.newBuilder().addFp32Contents(1)))
                    .build())),
            Status.Code.INVALID_ARGUMENT, "Input \"input\": shape [1, 4] holds 4 elements, got 1."),
        arguments(
            named("a wrong datatype",
                (Call) c -> c.modelInfer(request(i -> i.setDatatype("INT32").setContents(
                    InferTensorContents.newBuilder().addAllIntContents(List.of(1, 2, 3, 4, 5, 6, 7, 8))))
                    .build())),
            Status.Code.INVALID_ARGUMENT, "Input \"input\": expected datatype FP32, got INT32."),
        arguments(
            named("a batch above the maximum",
                (Call) c -> c.modelInfer(request(i -> i.clearShape().addShape(1025).addShape(4)).addRawInputContents(
                    ByteString.copyFrom(new byte[1025 * 16])).build())),
            Status.Code.INVALID_ARGUMENT, "Input \"input\": batch size 1025 is above the maximum of 1024."),
        arguments(
            named("a raw content of the wrong size",
                (Call) c -> c.modelInfer(request(i -> {}).addRawInputContents(ByteString.copyFrom(new byte[30])).build())),
            Status.Code.INVALID_ARGUMENT, "Input \"input\": 30 bytes is not a whole number of FP32 elements."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failuresCarryTheirStatusAndMessage(Call call, Status.Code code, String message) {
    assertThatThrownBy(() -> call.on(client))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).isEqualTo(message);
            });
  }

  @Test
  void servesGrpcOnAPortOfItsOwnWhenAsked() {
    ModelServer server =
        TestServers.startReady(ModelServerConfig.of(TestModels.IRIS_1, IRIS).withGrpcPort(0));
    try {
      assertThat(server.grpcPort()).isNotEqualTo(server.httpPort());
      assertThat(TestServers.grpc(server.grpcPort()).serverReady(ServerReadyRequest.getDefaultInstance()).getReady())
          .isTrue();
      assertThat(TestServers.http(server).get("/v2/health/ready").status().code()).isEqualTo(200);
      assertThatThrownBy(
              () -> TestServers.grpc(server.httpPort()).serverLive(ServerLiveRequest.getDefaultInstance()))
          .isInstanceOf(StatusRuntimeException.class);
    } finally {
      server.close();
    }
  }

  private static ModelInferRequest.Builder request(Consumer<InferInputTensor.Builder> input) {
    InferInputTensor.Builder tensor =
        InferInputTensor.newBuilder().setName("input").setDatatype("FP32").addShape(2).addShape(4);
    input.accept(tensor);
    return ModelInferRequest.newBuilder().setModelName(IRIS).addInputs(tensor);
  }

  @FunctionalInterface
  interface Call {
    Object on(GRPCInferenceServiceBlockingStub client);
  }
}
