package dev.kanary.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import dev.kanary.modelserver.grpc.proto.ModelInferRequest;
import dev.kanary.modelserver.grpc.proto.ModelInferRequest.InferInputTensor;
import dev.kanary.modelserver.grpc.proto.ModelInferResponse;
import dev.kanary.modelserver.json.JsonBodies;
import dev.kanary.modelserver.tensor.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every datatype ONNX Runtime's Java API can feed, through a server and back: an identity model
 * with one input and output per datatype. Typed gRPC contents per datatype are covered by the
 * codec's tests; half floats have no typed field, so here gRPC goes raw.
 */
class EveryDatatypeTest {
  private static final String MODEL = "identity";
  private static final List<DataType> TYPES = TestModels.FEEDABLE;

  private static Path dir;
  private static ModelServer server;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("kanary-identity");
    TestModels.writeIdentityModel(dir, TYPES);
    server = TestServers.shared(dir, MODEL);
  }

  @AfterAll
  static void removeModel() throws Exception {
    Files.deleteIfExists(dir.resolve("model.onnx"));
    Files.deleteIfExists(dir);
  }

  @Test
  void restEchoesEveryDatatype() {
    String inputs =
        TYPES.stream()
            .map(
                type ->
                    "{\"name\": \"in_" + suffix(type) + "\", \"shape\": [1, 2], \"datatype\": \""
                        + type + "\", \"data\": " + jsonData(type) + "}")
            .collect(Collectors.joining(", "));

    AggregatedHttpResponse response =
        TestServers.http(server)
            .execute(
                HttpRequest.of(
                    HttpMethod.POST,
                    "/v2/models/" + MODEL + "/infer",
                    MediaType.JSON,
                    "{\"inputs\": [" + inputs + "]}"));

    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    JsonNode outputs = JsonBodies.parse(response.content().array()).get("outputs");
    for (int i = 0; i < TYPES.size(); i++) {
      DataType type = TYPES.get(i);
      JsonNode output = outputs.get(i);
      assertThat(output.get("name").asText()).isEqualTo("out_" + suffix(type));
      assertThat(output.get("datatype").asText()).isEqualTo(type.name());
      assertThat(output.get("shape").toString()).isEqualTo("[1,2]");
      assertThat(output.get("data").toString()).as(type.name()).isEqualTo(jsonData(type));
    }
  }

  @Test
  void grpcEchoesRawContentsOfEveryDatatype() {
    ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(MODEL);
    for (DataType type : TYPES) {
      request.addInputs(
          InferInputTensor.newBuilder()
              .setName("in_" + suffix(type))
              .setDatatype(type.name())
              .addShape(1)
              .addShape(2));
      request.addRawInputContents(rawPair(type));
    }

    ModelInferResponse response = TestServers.grpc(server.grpcPort()).modelInfer(request.build());

    for (int i = 0; i < TYPES.size(); i++) {
      assertThat(response.getOutputs(i).getDatatype()).isEqualTo(TYPES.get(i).name());
      assertThat(response.getRawOutputContents(i))
          .as(TYPES.get(i).name())
          .isEqualTo(request.getRawInputContents(i));
    }
  }

  private static ByteString rawPair(DataType type) {
    if (type == DataType.BYTES) {
      return ByteString.copyFrom(new byte[] {1, 0, 0, 0, 'a', 0, 0, 0, 0});
    }
    byte[] bytes = new byte[2 * type.byteSize()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (type == DataType.BOOL ? i % 2 : i + 1);
    }
    return ByteString.copyFrom(bytes);
  }

  private static String jsonData(DataType type) {
    return switch (type) {
      case BOOL -> "[true,false]";
      case BYTES -> "[\"a\",\"héllo\"]";
      case INT8, INT16, INT32, INT64 -> "[-3,7]";
      case UINT8 -> "[250,7]";
      default -> "[1.5,-2.0]";
    };
  }

  private static String suffix(DataType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }
}
