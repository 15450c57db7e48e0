package dev.kanary.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.cli.Main;
import dev.kanary.core.json.Json;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.server.KanaryServer;
import dev.kanary.server.ServerConfig;
import dev.kanary.server.replica.SelfCommand;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPlaneSmokeTest {
  @TempDir Path dataDir;

  @Test
  void iris() throws Exception {
    Path model = Path.of("../examples/models/iris/model-1").toAbsolutePath().normalize();
    ServerConfig config = ServerConfig.defaults(dataDir,
        SelfCommand.of(Main.class, dataDir.resolve("run"))).withPorts(0, 0);
    try (KanaryServer server = KanaryServer.start(config)) {
      String yaml = """
          apiVersion: serving.kserve.io/v1beta1
          kind: InferenceService
          metadata: {name: sklearn-iris, namespace: kserve-test}
          spec:
            predictor:
              model:
                modelFormat: {name: onnx}
                storageUri: %s
          """.formatted(model);
      ObjectNode node = (ObjectNode) Json.yaml().readTree(yaml);
      server.store().create(ResourceType.INFERENCE_SERVICE, node);
      ObjectKey key = ObjectKey.of(ResourceType.INFERENCE_SERVICE, "kserve-test", "sklearn-iris");
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
        InferenceService isvc = server.store().get(key).orElseThrow().as(InferenceService.class);
        System.out.println(Json.yaml().writeValueAsString(isvc.status()));
        assertThat(isvc.status().condition("Ready").orElseThrow().isTrue()).isTrue();
      });
    }
  }
}
