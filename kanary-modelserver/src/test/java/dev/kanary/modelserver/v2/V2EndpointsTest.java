package dev.kanary.modelserver.v2;

import static dev.kanary.modelserver.TestServers.IRIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import dev.kanary.modelserver.TestServers;
import dev.kanary.modelserver.json.JsonBodies;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class V2EndpointsTest {
  private static final String INFER = "/v2/models/" + IRIS + "/infer";
  private static final String TWO_FLOWERS =
      """
      {"id": "req-1",
       "inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32",
                   "data": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}]}""";

  private final BlockingWebClient client = TestServers.http(TestServers.iris(1));

  @ParameterizedTest(name = "model-{0}")
  @ValueSource(ints = {1, 2})
  void infersLabelAndProbabilities(int version) {
    AggregatedHttpResponse response =
        post(TestServers.http(TestServers.iris(version)), INFER, TWO_FLOWERS);

    assertThat(response.status().code()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("model_name").asText()).isEqualTo(IRIS);
    assertThat(body.get("id").asText()).isEqualTo("req-1");
    JsonNode label = body.get("outputs").get(0);
    assertThat(label.toString())
        .isEqualTo("{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[2],\"data\":[1,1]}");
    JsonNode probabilities = body.get("outputs").get(1);
    assertThat(probabilities.get("name").asText()).isEqualTo("probabilities");
    assertThat(probabilities.get("datatype").asText()).isEqualTo("FP32");
    assertThat(probabilities.get("shape").toString()).isEqualTo("[2,3]");
    assertThat(probabilities.get("data")).hasSize(6);
    assertThat(probabilities.get("data").get(1).asDouble()).isGreaterThan(0.5);
  }

  @Test
  void takesFlatDataAndFiltersOutputs() {
    String body =
        """
        {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [6.8, 2.8, 4.8, 1.4]}],
         "outputs": [{"name": "probabilities"}]}""";

    JsonNode response = json(post(client, INFER, body));

    assertThat(UUID.fromString(response.get("id").asText())).isNotNull();
    assertThat(response.get("outputs")).hasSize(1);
    assertThat(response.get("outputs").get(0).get("name").asText()).isEqualTo("probabilities");
    assertThat(response.get("outputs").get(0).get("shape").toString()).isEqualTo("[1,3]");
  }

  @Test
  void answersHealthAndMetadata() {
    assertThat(client.get("/v2/health/live").contentUtf8()).isEqualTo("{\"live\":true}");
    assertThat(client.get("/v2/health/ready").contentUtf8()).isEqualTo("{\"ready\":true}");
    assertThat(json(client.get("/v2")).get("name").asText()).isEqualTo("kanary");
    assertThat(client.get("/v2/models").contentUtf8()).isEqualTo("{\"models\":[\"sklearn-iris\"]}");
    assertThat(client.get("/v2/models/" + IRIS + "/ready").contentUtf8())
        .isEqualTo("{\"name\":\"sklearn-iris\",\"ready\":true}");
    assertThat(client.get("/v2/models/" + IRIS).contentUtf8())
        .isEqualTo(
            "{\"name\":\"sklearn-iris\",\"platform\":\"onnxruntime_onnx\","
                + "\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,4]}],"
                + "\"outputs\":[{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[-1]},"
                + "{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,3]}]}");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GET  | /v2/models/sklearn-iris/versions/1       | 501 | Model versioning not supported yet.
          GET  | /v2/models/sklearn-iris/versions/1/ready | 501 | Model versioning not supported yet.
          POST | /v2/models/sklearn-iris/versions/1/infer | 501 | Model versioning not supported yet.
          GET  | /v2/models/nope                          | 404 | Model with name nope does not exist.
          GET  | /v2/models/nope/ready                    | 404 | Model with name nope does not exist.
          POST | /v2/models/nope/infer                    | 404 | Model with name nope does not exist.
          """)
  void pathsThatCannotBeServed(String method, String path, int status, String error) {
    AggregatedHttpResponse response =
        method.equals("GET") ? client.get(path) : post(client, path, TWO_FLOWERS);

    assertThat(response.status().code()).isEqualTo(status);
    assertThat(json(response).get("error").asText()).isEqualTo(error);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}  | Unrecognized request format: Unexpected character (':' (code 58)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (line 1, column 9)
          {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64", "data": [1, 2, 3, 4]}]} | Input "input": expected datatype FP32, got FP64.
          {"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}     | Unexpected input "x": the model's inputs are input (FP32 [-1, 4]).
          {"inputs": []}                                                                              | Missing input "input": the model expects FP32 [-1, 4].
          {"inputs": [{"name": "input", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}    | Input "input": expected shape [-1, 4], got [1, 3].
          {"inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]} | Input "input": shape [2, 4] holds 8 elements, got 4.
          {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}], "outputs": [{"name": "score"}]} | Unexpected output "score": the model's outputs are label (INT64 [-1]), probabilities (FP32 [-1, 3]).
          {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP33", "data": [1, 2, 3, 4]}]} | Input "input": unknown datatype "FP33"; expected one of [BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BF16, BYTES].
          """)
  void invalidRequestsAre400sNamingTheProblem(String body, String error) {
    AggregatedHttpResponse response = post(client, INFER, body);

    assertThat(response.status().code()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).isEqualTo(error);
  }

  @Test
  void refusesABatchAboveTheMaximum() {
    String data = String.join(",", Collections.nCopies(1025 * 4, "1"));
    String body =
        "{\"inputs\": [{\"name\": \"input\", \"shape\": [1025, 4], \"datatype\": \"FP32\", \"data\": ["
            + data + "]}]}";

    AggregatedHttpResponse response = post(client, INFER, body);

    assertThat(response.status().code()).isEqualTo(400);
    assertThat(json(response).get("error").asText())
        .isEqualTo("Input \"input\": batch size 1025 is above the maximum of 1024.");
  }

  private static AggregatedHttpResponse post(BlockingWebClient client, String path, String body) {
    return client.execute(HttpRequest.of(HttpMethod.POST, path, MediaType.JSON, body));
  }

  private static JsonNode json(AggregatedHttpResponse response) {
    return JsonBodies.parse(response.contentUtf8().getBytes(StandardCharsets.UTF_8));
  }
}
