package dev.kanary.cli.standalone;

import static dev.kanary.cli.standalone.TestServers.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.server.KanaryServer;
import dev.kanary.server.replica.ReplicaPhase;
import dev.kanary.server.replica.ReplicaStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed tutorial (seeds/002) against a real standalone server over its HTTP API, with real
 * model replicas: deploy, canary, promote, rollback, a failed canary, a killed replica and a
 * server restart. The steps share one server and run in order, as a user would type them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneTutorialTest {
  private static final Path MODELS = Path.of("../examples/models/iris").toAbsolutePath().normalize();
  private static final String ISVCS = "/apis/serving.kserve.io/v1beta1/namespaces/kserve-test/inferenceservices";
  private static final String ISVC = ISVCS + "/sklearn-iris";
  private static final String REVISIONS = "/apis/serving.knative.dev/v1/namespaces/kserve-test/revisions";
  private static final String R1 = "sklearn-iris-predictor-00001";
  private static final String R2 = "sklearn-iris-predictor-00002";
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir static Path dataDir;
  private KanaryServer server;
  private ApiClient api;

  @BeforeAll
  void startServer() {
    server = TestServers.start(dataDir);
    api = TestServers.client(server);
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void deployModel1() {
    String yaml = """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: sklearn-iris
          namespace: kserve-test
        spec:
          predictor:
            model:
              modelFormat:
                name: onnx
              storageUri: %s
        """.formatted(MODELS.resolve("model-1"));
    assertThat(api.post(ISVCS, yaml, "application/yaml").code()).isEqualTo(201);

    JsonNode status = awaitStatus(s -> {
      assertThat(s.at("/conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
      assertThat(traffic(s)).containsExactly(row(R1, true, 100L, null));
    });
    assertThat(status.at("/url").asText()).isEqualTo("http://sklearn-iris.kserve-test.example.com");
    JsonNode predictor = status.at("/components/predictor");
    assertThat(predictor.at("/latestCreatedRevision").asText()).isEqualTo(R1);
    assertThat(predictor.at("/latestReadyRevision").asText()).isEqualTo(R1);
    assertThat(predictor.at("/latestRolledoutRevision").asText()).isEqualTo(R1);
    assertThat(predictor.has("previousRolledoutRevision")).isFalse();
    assertThat(predictor.at("/url").asText())
        .isEqualTo("http://sklearn-iris-predictor.kserve-test.example.com");
  }

  @Test
  @Order(2)
  void canaryModel2At10Percent() {
    patch("""
        {"spec": {"predictor": {"canaryTrafficPercent": 10,
          "model": {"storageUri": "%s"}}}}""".formatted(MODELS.resolve("model-2")));

    JsonNode status = awaitStatus(s -> {
      assertThat(ready(s)).isTrue();
      assertThat(traffic(s)).containsExactlyInAnyOrder(
          row(R2, true, 10L, null), row(R1, false, 90L, "prev"));
    });
    JsonNode predictor = status.at("/components/predictor");
    assertThat(predictor.at("/latestCreatedRevision").asText()).isEqualTo(R2);
    assertThat(predictor.at("/latestReadyRevision").asText()).isEqualTo(R2);
    assertThat(predictor.at("/latestRolledoutRevision").asText()).isEqualTo(R1);
    assertThat(predictor.has("previousRolledoutRevision")).isFalse();
    assertThat(revisionNames()).containsExactlyInAnyOrder(R1, R2);
  }

  @Test
  @Order(3)
  void promote() {
    patch("{\"spec\": {\"predictor\": {\"canaryTrafficPercent\": null}}}");

    JsonNode status = awaitStatus(s -> {
      assertThat(ready(s)).isTrue();
      assertThat(traffic(s)).containsExactly(row(R2, true, 100L, null));
      assertThat(s.at("/components/predictor/latestRolledoutRevision").asText()).isEqualTo(R2);
    });
    assertThat(status.at("/components/predictor/previousRolledoutRevision").asText())
        .isEqualTo(R1);
    assertThat(api.get(ISVC).body().at("/spec/predictor").has("canaryTrafficPercent")).isFalse();
  }

  @Test
  @Order(4)
  void rollback() {
    patch("{\"spec\": {\"predictor\": {\"canaryTrafficPercent\": 0}}}");

    JsonNode status = awaitStatus(s -> {
      assertThat(ready(s)).isTrue();
      assertThat(traffic(s)).containsExactlyInAnyOrder(
          row(R2, true, 0L, null), row(R1, false, 100L, "prev"));
    });
    JsonNode predictor = status.at("/components/predictor");
    assertThat(predictor.at("/latestReadyRevision").asText()).isEqualTo(R2);
    assertThat(predictor.at("/latestRolledoutRevision").asText()).isEqualTo(R1);
    assertThat(predictor.at("/previousRolledoutRevision").asText()).isEqualTo(R1);
  }

  @Test
  @Order(5)
  void aKilledReplicaIsRestartedAndTrafficStays() {
    List<List<Object>> before = traffic(api.get(ISVC).body().at("/status"));
    ReplicaStatus victim = readyReplicaOf(R1);

    ProcessHandle.of(victim.pid().getAsLong()).orElseThrow().destroyForcibly();

    await().atMost(PATIENCE).untilAsserted(() -> {
      ReplicaStatus again = server.supervisor().status(victim.name()).orElseThrow();
      assertThat(again.restarts()).isGreaterThan(victim.restarts());
      assertThat(again.ready()).isTrue();
    });
    assertThat(traffic(api.get(ISVC).body().at("/status"))).isEqualTo(before);
  }

  @Test
  @Order(6)
  void aServerRestartComesBackToTheSameState() {
    List<List<Object>> before = traffic(api.get(ISVC).body().at("/status"));
    List<Long> oldPids = server.supervisor().replicas().stream()
        .map(r -> r.pid().getAsLong()).toList();
    server.close();
    assertThat(oldPids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)
        .map(ProcessHandle::isAlive).orElse(false)).isFalse());

    server = TestServers.start(dataDir);
    api = TestServers.client(server);

    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
      assertThat(readyReplicaOf(R1)).isNotNull();
      JsonNode status = api.get(ISVC).body().at("/status");
      assertThat(ready(status)).isTrue();
      assertThat(traffic(status)).isEqualTo(before);
    });
  }

  @Test
  @Order(7)
  void aCanaryWhoseModelIsMissingFailsAndTrafficStaysOnTheStableRevision() throws Exception {
    String yaml = """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata: {name: broken-canary, namespace: kserve-test}
        spec:
          predictor:
            model:
              modelFormat: {name: onnx}
              storageUri: %s
        """.formatted(MODELS.resolve("model-1"));
    assertThat(api.post(ISVCS, yaml, "application/yaml").code()).isEqualTo(201);
    String path = ISVCS + "/broken-canary";
    awaitStatus(path, s -> assertThat(ready(s)).isTrue());
    Path missing = Files.createTempDirectory("no-model").resolve("nothing-here");

    assertThat(api.mergePatch(path, """
        {"spec": {"predictor": {"canaryTrafficPercent": 10,
          "model": {"storageUri": "%s"}}}}""".formatted(missing)).code()).isEqualTo(200);

    String canary = "broken-canary-predictor-00002";
    await().atMost(PATIENCE).untilAsserted(() -> {
      JsonNode revision = api.get(REVISIONS + "/" + canary).body();
      JsonNode readyCondition = condition(revision.at("/status"), "Ready");
      assertThat(readyCondition.at("/status").asText()).isEqualTo("False");
      assertThat(readyCondition.at("/message").asText()).contains(missing.toString());
    });
    JsonNode status = api.get(path).body().at("/status");
    assertThat(traffic(status)).extracting(t -> t.get(0))
        .containsOnly("broken-canary-predictor-00001");
    assertThat(status.at("/components/predictor/latestReadyRevision").asText())
        .isEqualTo("broken-canary-predictor-00001");
  }

  private void patch(String json) {
    ApiClient.Reply reply = api.mergePatch(ISVC, json);
    assertThat(reply.code()).as(reply.body().toString()).isEqualTo(200);
  }

  private JsonNode awaitStatus(Consumer<JsonNode> check) {
    return awaitStatus(ISVC, check);
  }

  private JsonNode awaitStatus(String path, Consumer<JsonNode> check) {
    JsonNode[] last = new JsonNode[1];
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode object = api.get(path).body();
          assertThat(object.at("/status/observedGeneration").asLong())
              .isEqualTo(object.at("/metadata/generation").asLong());
          last[0] = object.at("/status");
          check.accept(last[0]);
        });
    return last[0];
  }

  private ReplicaStatus readyReplicaOf(String revision) {
    return server.supervisor().replicas().stream()
        .filter(r -> r.revision().endsWith("/" + revision))
        .filter(r -> r.phase() == ReplicaPhase.READY && r.ready())
        .findFirst().orElseThrow();
  }

  private List<String> revisionNames() {
    List<String> names = new ArrayList<>();
    api.get(REVISIONS).body().at("/items").forEach(r -> names.add(r.at("/metadata/name").asText()));
    return names;
  }

  private static boolean ready(JsonNode status) {
    return condition(status, "Ready").at("/status").asText().equals("True");
  }


  private static List<Object> row(String revision, boolean latest, long percent, String tag) {
    return java.util.Arrays.asList(revision, latest, percent, tag);
  }

  /** The predictor's traffic as (revision, latestRevision, percent, tag) rows. */
  private static List<List<Object>> traffic(JsonNode status) {
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode target : status.at("/components/predictor/traffic")) {
      rows.add(java.util.Arrays.asList(target.at("/revisionName").asText(),
          target.at("/latestRevision").asBoolean(), target.at("/percent").asLong(),
          target.has("tag") ? target.at("/tag").asText() : null));
    }
    return rows;
  }
}
