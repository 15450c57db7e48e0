package dev.kanary.modelserver;

import static dev.kanary.modelserver.TestServers.IRIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import dev.kanary.modelserver.grpc.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.kanary.modelserver.grpc.proto.ModelInferRequest;
import dev.kanary.modelserver.grpc.proto.ModelReadyRequest;
import dev.kanary.modelserver.grpc.proto.ServerReadyRequest;
import dev.kanary.modelserver.model.ModelLoader;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Readiness follows the model: not ready while it loads, ready after, never when it fails. */
class ModelServerLifecycleTest {
  @Test
  void isLiveButNotReadyUntilTheModelIsLoadedAndWarm() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ModelServer server =
        ModelServer.start(
            ModelServerConfig.of(TestModels.IRIS_1, IRIS),
            () -> {
              release.await();
              return ModelLoader.loadAndWarmUp(TestModels.IRIS_1);
            })) {
      BlockingWebClient http = TestServers.http(server);
      GRPCInferenceServiceBlockingStub grpc = TestServers.grpc(server.grpcPort());

      assertThat(http.get("/").status().code()).isEqualTo(200);
      assertThat(http.get("/v2/health/live").status().code()).isEqualTo(200);
      assertThat(http.get("/v2/health/ready").status().code()).isEqualTo(503);
      assertThat(http.get("/v2/health/ready").contentUtf8())
          .isEqualTo("{\"error\":\"Server is not ready.\"}");
      assertThat(http.get("/v1/models/" + IRIS).status().code()).isEqualTo(503);
      assertThat(http.get("/v2/models/" + IRIS + "/ready").contentUtf8())
          .isEqualTo("{\"error\":\"Model with name sklearn-iris is not ready.\"}");
      var predict =
          http.execute(
              HttpRequest.of(
                  HttpMethod.POST,
                  "/v1/models/" + IRIS + ":predict",
                  MediaType.JSON,
                  "{\"instances\": [[1, 2, 3, 4]]}"));
      assertThat(predict.status().code()).isEqualTo(503);
      assertThat(grpc.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isFalse();
      assertThat(grpc.modelReady(ModelReadyRequest.newBuilder().setName(IRIS).build()).getReady())
          .isFalse();
      assertThatThrownBy(() -> grpc.modelInfer(ModelInferRequest.newBuilder().setModelName(IRIS).build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

      release.countDown();
      server.whenReady().get(30, TimeUnit.SECONDS);

      assertThat(http.get("/v2/health/ready").contentUtf8()).isEqualTo("{\"ready\":true}");
      assertThat(grpc.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
    }
  }

  @Test
  void aModelThatCannotLoadLeavesTheServerUnready() {
    try (ModelServer server =
        ModelServer.start(ModelServerConfig.of(TestModels.IRIS_DIR, IRIS))) {
      assertThatThrownBy(() -> server.whenReady().join())
          .isInstanceOf(CompletionException.class)
          .hasRootCauseInstanceOf(IllegalArgumentException.class)
          .hasRootCauseMessage("no .onnx file in " + TestModels.IRIS_DIR);
      assertThat(TestServers.http(server).get("/v2/health/ready").status().code()).isEqualTo(503);
      assertThat(TestServers.http(server).get("/v2/health/live").status().code()).isEqualTo(200);
    }
  }
}
