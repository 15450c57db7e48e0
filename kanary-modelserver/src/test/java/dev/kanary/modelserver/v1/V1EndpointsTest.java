package dev.kanary.modelserver.v1;

import static dev.kanary.modelserver.TestServers.IRIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import dev.kanary.modelserver.TestServers;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class V1EndpointsTest {
  private static final String TWO_FLOWERS =
      "{\"instances\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}";

  private final BlockingWebClient client = TestServers.http(TestServers.iris(1));

  @ParameterizedTest(name = "model-{0}")
  @ValueSource(ints = {1, 2})
  void predictsVersicolorForBothFlowers(int version) {
    BlockingWebClient irisClient = TestServers.http(TestServers.iris(version));

    AggregatedHttpResponse response = post(irisClient, "/v1/models/" + IRIS + ":predict", TWO_FLOWERS);

    assertThat(response.status().code()).isEqualTo(200);
    assertThat(response.headers().contentType()).isEqualTo(MediaType.JSON);
    assertThat(response.contentUtf8()).isEqualTo("{\"predictions\":[1,1]}");
  }

  @Test
  void takesInputsAsWellAsInstances() {
    AggregatedHttpResponse response =
        post(client, "/v1/models/" + IRIS + ":predict", TWO_FLOWERS.replace("instances", "inputs"));

    assertThat(response.contentUtf8()).isEqualTo("{\"predictions\":[1,1]}");
  }

  @Test
  void answersLivenessListAndReadiness() {
    assertThat(client.get("/").contentUtf8()).isEqualTo("{\"status\":\"alive\"}");
    assertThat(client.get("/v1/models").contentUtf8()).isEqualTo("{\"models\":[\"sklearn-iris\"]}");
    AggregatedHttpResponse ready = client.get("/v1/models/" + IRIS);
    assertThat(ready.status().code()).isEqualTo(200);
    assertThat(ready.contentUtf8()).isEqualTo("{\"name\":\"sklearn-iris\",\"ready\":true}");
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GET  | /v1/models/nope              |                                  | 404 | Model with name nope does not exist.
          POST | /v1/models/nope:predict      | {"instances": [[1, 2, 3, 4]]}    | 404 | Model with name nope does not exist.
          POST | /v1/models/sklearn-iris:predict | {"instances": [[1, 2, 3, 4]] | 400 | Unrecognized request format: Unexpected end-of-input: expected close marker for Object (start marker at line 1, column 1) (line 1, column 29)
          POST | /v1/models/sklearn-iris:predict | {"instances": "flowers"}     | 400 | Expected "instances" to be a list
          POST | /v1/models/sklearn-iris:predict | {"instances": [[1, 2, 3]]}   | 400 | Input "input": expected shape [-1, 4], got [1, 3].
          POST | /v1/models/sklearn-iris:predict | {"instances": [["a", 2, 3, 4]]} | 400 | Input "input": element 0 is "a", expected a number for FP32.
          POST | /v1/models/sklearn-iris:explain | {"instances": [[1, 2, 3, 4]]} | 501 | Model sklearn-iris has no explainer.
          """)
  void failuresAreKServeErrors(String method, String path, String body, int status, String error) {
    AggregatedHttpResponse response =
        method.equals("GET") ? client.get(path) : post(client, path, body == null ? "" : body);

    assertThat(response.status().code()).isEqualTo(status);
    assertThat(response.contentUtf8()).isEqualTo("{\"error\":" + quote(error) + "}");
  }

  @Test
  void refusesABatchAboveTheMaximum() {
    String body =
        "{\"instances\": [" + String.join(",", Collections.nCopies(1025, "[1, 2, 3, 4]")) + "]}";

    AggregatedHttpResponse response = post(client, "/v1/models/" + IRIS + ":predict", body);

    assertThat(response.status().code()).isEqualTo(400);
    assertThat(response.contentUtf8())
        .isEqualTo("{\"error\":\"Input \\\"input\\\": batch size 1025 is above the maximum of 1024.\"}");
  }

  static AggregatedHttpResponse post(BlockingWebClient client, String path, String body) {
    // Not prepare().post(path): it would read ":predict" as a path parameter to fill in.
    return client.execute(HttpRequest.of(HttpMethod.POST, path, MediaType.JSON, body));
  }

  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
