package dev.kanary.modelserver.metrics;

import static dev.kanary.modelserver.TestServers.IRIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import dev.kanary.modelserver.ModelServer;
import dev.kanary.modelserver.TestServers;
import dev.kanary.modelserver.grpc.proto.ModelInferRequest;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  @Test
  void countsRequestsLatencyAndErrorsByModelAndProtocol() {
    ModelServer server = TestServers.iris(2);
    BlockingWebClient http = TestServers.http(server);
    post(http, "/v1/models/" + IRIS + ":predict", "{\"instances\": [[6.8, 2.8, 4.8, 1.4]]}");
    post(http, "/v2/models/" + IRIS + "/infer", "{\"inputs\": []}");
    post(http, "/v2/models/other/infer", "{\"inputs\": []}");
    try {
      TestServers.grpc(server.grpcPort())
          .modelInfer(ModelInferRequest.newBuilder().setModelName(IRIS).build());
    } catch (StatusRuntimeException expected) {
      // A request without inputs: counted as an invalid input.
    }

    AggregatedHttpResponse metrics = http.get("/metrics");

    assertThat(metrics.headers().contentType().toString()).startsWith("text/plain");
    assertThat(metrics.contentUtf8())
        .containsPattern(
            "kanary_inference_requests_total\\{model=\"sklearn-iris\",protocol=\"v1\"} [1-9]")
        .containsPattern(
            "kanary_inference_errors_total\\{error=\"invalid_input\",model=\"sklearn-iris\","
                + "protocol=\"v2\"} [1-9]")
        .containsPattern(
            "kanary_inference_errors_total\\{error=\"model_not_found\",model=\"unknown\","
                + "protocol=\"v2\"} [1-9]")
        .containsPattern(
            "kanary_inference_errors_total\\{error=\"invalid_input\",model=\"sklearn-iris\","
                + "protocol=\"grpc\"} [1-9]")
        .containsPattern(
            "kanary_inference_duration_seconds_bucket\\{model=\"sklearn-iris\",protocol=\"v1\","
                + "le=\"[0-9.]+\"} [1-9]")
        .doesNotContain("model=\"other\"");
  }

  private static void post(BlockingWebClient client, String path, String body) {
    client.execute(HttpRequest.of(HttpMethod.POST, path, MediaType.JSON, body));
  }
}
