package dev.kanary.server.api;

import static dev.kanary.server.api.ApiTestServer.ISVCS;
import static dev.kanary.server.api.ApiTestServer.JSON;
import static dev.kanary.server.api.ApiTestServer.KSVCS;
import static dev.kanary.server.api.ApiTestServer.MERGE_PATCH;
import static dev.kanary.server.api.ApiTestServer.REVISIONS;
import static dev.kanary.server.api.ApiTestServer.RUNTIMES;
import static dev.kanary.server.api.ApiTestServer.YAML;
import static dev.kanary.server.api.ApiTestServer.isvc;
import static dev.kanary.server.api.ApiTestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceType;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each verb over HTTP against a real store. */
@Timeout(30)
class ApiServiceTest {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  @TempDir static Path dataDir;
  private static ApiTestServer api;

  /** Each test works in a namespace of its own, so one server serves them all. */
  private String ns;
  private String iris;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start(dataDir);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void namespace() {
    ns = "test-" + NAMESPACES.incrementAndGet();
    iris = ISVCS.formatted(ns) + "/sklearn-iris";
  }

  @Test
  void createsKServesSeedExampleFromYaml() throws Exception {
    String yaml = Files.readString(Path.of("../examples/sklearn-iris.yaml"));

    HttpResponse<String> response =
        api.send("POST", ISVCS.formatted("kserve-test"), YAML, yaml);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    ObjectNode created = json(response);
    assertThat(created.path("kind").asText()).isEqualTo("InferenceService");
    assertThat(created.at("/metadata/name").asText()).isEqualTo("sklearn-iris");
    assertThat(created.at("/metadata/namespace").asText()).isEqualTo("kserve-test");
    assertThat(created.at("/metadata/uid").asText()).isNotEmpty();
    assertThat(created.at("/metadata/resourceVersion").asText()).isNotEmpty();
    assertThat(created.at("/metadata/generation").asLong()).isEqualTo(1);
    assertThat(created.at("/spec/predictor/model/storageUri").asText())
        .isEqualTo("examples/models/iris/model-1");
  }

  @Test
  void createsFromJsonAndTakesTheNamespaceFromTheUrl() {
    HttpResponse<String> response = api.send("POST", ISVCS.formatted(ns), JSON, """
        {"metadata": {"name": "iris"},
         "spec": {"predictor": {"model": {"modelFormat": {"name": "onnx"}, "storageUri": "/m"}}}}
        """);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(json(response).at("/metadata/namespace").asText()).isEqualTo(ns);
    assertThat(json(response).path("apiVersion").asText()).isEqualTo("serving.kserve.io/v1beta1");
  }

  @Test
  void getsAnObject() {
    ObjectNode created = api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris"));

    HttpResponse<String> response = api.get(iris);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).isEqualTo(created);
  }

  @Test
  void listsWithTheListKindAndVersionAndFiltersByLabel() {
    api.create(ISVCS.formatted(ns), isvc(ns, "a"));
    api.create(ISVCS.formatted(ns), isvc(ns, "b").replace("app: iris", "app: other"));
    api.create(ISVCS.formatted(ns + "-b"), isvc(ns + "-b", "c"));

    ObjectNode list = json(api.get(ISVCS.formatted(ns)));
    assertThat(list.path("apiVersion").asText()).isEqualTo("serving.kserve.io/v1beta1");
    assertThat(list.path("kind").asText()).isEqualTo("InferenceServiceList");
    assertThat(list.at("/metadata/resourceVersion").asLong())
        .isEqualTo(api.store.resourceVersion());
    assertThat(names(list)).containsExactly("a", "b");

    assertThat(names(json(api.get(ISVCS.formatted(ns) + "?labelSelector=app%3Diris"))))
        .containsExactly("a");
    assertThat(names(json(api.get(ISVCS.formatted(ns) + "?labelSelector=app+notin+(iris)"))))
        .containsExactly("b");
    assertThat(names(json(api.get("/apis/serving.kserve.io/v1beta1/inferenceservices"))))
        .contains("a", "b", "c");
  }

  @Test
  void putReplacesTheSpecAndMovesTheGeneration() {
    ObjectNode created = api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris"));
    ObjectNode changed = created.deepCopy();
    ((ObjectNode) changed.at("/spec/predictor/model")).put("storageUri", "/models/iris-2");

    HttpResponse<String> response = api.send("PUT", iris, JSON, changed.toString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).at("/spec/predictor/model/storageUri").asText())
        .isEqualTo("/models/iris-2");
    assertThat(json(response).at("/metadata/generation").asLong()).isEqualTo(2);
  }

  @Test
  void putWithAStaleResourceVersionIsAConflict() {
    ObjectNode created = api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris"));
    ObjectNode first = created.deepCopy();
    ((ObjectNode) first.at("/spec/predictor")).put("minReplicas", 2);
    assertThat(api.send("PUT", iris, JSON, first.toString()).statusCode()).isEqualTo(200);

    ObjectNode stale = created.deepCopy();
    ((ObjectNode) stale.at("/spec/predictor")).put("minReplicas", 3);
    HttpResponse<String> response = api.send("PUT", iris, JSON, stale.toString());

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(json(response).path("reason").asText()).isEqualTo("Conflict");
    assertThat(json(response).path("message").asText()).contains("the object has been modified");
  }

  @Test
  void putWithoutAResourceVersionIsUnconditional() {
    api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris"));

    HttpResponse<String> response = api.send("PUT", iris, YAML,
        isvc(ns, "sklearn-iris").replace("/models/iris", "/models/v2"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).at("/spec/predictor/model/storageUri").asText())
        .isEqualTo("/models/v2");
  }

  @Test
  void putOnStatusWritesTheStatusOnly() {
    ObjectNode created = api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris"));
    ObjectNode withStatus = created.deepCopy();
    withStatus.putObject("status").put("url", "http://sklearn-iris.kserve-test.example.com");
    ((ObjectNode) withStatus.at("/spec/predictor/model")).put("storageUri", "/ignored");

    HttpResponse<String> response = api.send("PUT", iris + "/status", JSON, withStatus.toString());

    assertThat(response.statusCode()).isEqualTo(200);
    ObjectNode stored = json(api.get(iris));
    assertThat(stored.at("/status/url").asText())
        .isEqualTo("http://sklearn-iris.kserve-test.example.com");
    assertThat(stored.path("spec")).isEqualTo(created.path("spec"));
    assertThat(stored.at("/metadata/generation").asLong()).isEqualTo(1);
  }

  @Test
  void mergePatchNullRemovesAField() {
    api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris")
        + "    canaryTrafficPercent: 10\n");

    HttpResponse<String> response = api.send("PATCH", iris, MERGE_PATCH,
        "{\"spec\": {\"predictor\": {\"canaryTrafficPercent\": null}}}");

    assertThat(response.statusCode()).isEqualTo(200);
    ObjectNode patched = json(response);
    assertThat(patched.at("/spec/predictor").has("canaryTrafficPercent")).isFalse();
    assertThat(patched.at("/spec/predictor/model/storageUri").asText()).isEqualTo("/models/iris");
    assertThat(patched.at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(json(api.get(iris)).at("/spec/predictor").has("canaryTrafficPercent")).isFalse();
  }

  @Test
  void mergePatchMergesLabels() {
    api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris"));

    ObjectNode patched = json(api.send("PATCH", iris, MERGE_PATCH + "; charset=utf-8",
        "{\"metadata\": {\"labels\": {\"track\": \"canary\"}}}"));

    assertThat(patched.at("/metadata/labels"))
        .isEqualTo(AdmissionTest.doc("{app: iris, track: canary}"));
  }

  @Test
  void mergePatchOfTheObjectLeavesItsStatusAlone() {
    api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris"));
    api.send("PATCH", iris + "/status", MERGE_PATCH, "{\"status\": {\"url\": \"http://a\"}}");

    HttpResponse<String> response = api.send("PATCH", iris, MERGE_PATCH,
        "{\"metadata\": {\"labels\": {\"x\": \"y\"}}, \"status\": {\"url\": \"http://b\"}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(api.get(iris)).at("/status/url").asText()).isEqualTo("http://a");
    assertThat(json(api.get(iris)).at("/metadata/labels/x").asText()).isEqualTo("y");
  }

  @Test
  void mergePatchOfTheStatus() {
    api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris"));

    HttpResponse<String> response = api.send("PATCH", iris + "/status", MERGE_PATCH,
        "{\"status\": {\"url\": \"http://a\", \"conditions\": [{\"type\": \"Ready\","
            + " \"status\": \"True\"}]}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).at("/status/conditions/0/type").asText()).isEqualTo("Ready");
    assertThat(json(response).at("/metadata/generation").asLong()).isEqualTo(1);
  }

  @Test
  void mergePatchWithoutAResourceVersionIsRetriedWhenAnotherWriteWinsTheRace() {
    api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris"));
    api.store.beforeNextUpdate(store -> {
      ObjectNode other = store.get(ObjectKey.of(ResourceType.INFERENCE_SERVICE, ns,
          "sklearn-iris")).orElseThrow().json();
      ((ObjectNode) other.at("/metadata/labels")).put("raced", "yes");
      store.update(ResourceType.INFERENCE_SERVICE, other);
    });

    HttpResponse<String> response = api.send("PATCH", iris, MERGE_PATCH,
        "{\"metadata\": {\"labels\": {\"patched\": \"yes\"}}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).at("/metadata/labels"))
        .isEqualTo(AdmissionTest.doc("{app: iris, raced: 'yes', patched: 'yes'}"));
  }

  @Test
  void mergePatchWithAResourceVersionIsAPrecondition() {
    ObjectNode created = api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris"));
    String version = created.at("/metadata/resourceVersion").asText();
    String patch = "{\"metadata\": {\"resourceVersion\": \"" + version + "\","
        + " \"labels\": {\"n\": \"%s\"}}}";

    assertThat(api.send("PATCH", iris, MERGE_PATCH, patch.formatted("1")).statusCode())
        .isEqualTo(200);
    HttpResponse<String> stale = api.send("PATCH", iris, MERGE_PATCH, patch.formatted("2"));

    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(json(stale).path("reason").asText()).isEqualTo("Conflict");
  }

  @Test
  void deleteReturnsTheObjectAndItIsGone() {
    ObjectNode created = api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris"));

    HttpResponse<String> response = api.send("DELETE", iris, null, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).at("/metadata/uid")).isEqualTo(created.at("/metadata/uid"));
    assertThat(api.get(iris).statusCode()).isEqualTo(404);
  }

  @Test
  void deleteHonoursAResourceVersionPrecondition() {
    api.create(ISVCS.formatted(ns), isvc(ns, "sklearn-iris"));

    HttpResponse<String> response = api.send("DELETE", iris, JSON,
        "{\"kind\": \"DeleteOptions\", \"preconditions\": {\"resourceVersion\": \"999\"}}");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(api.get(iris).statusCode()).isEqualTo(200);
  }

  @Test
  void clusterServingRuntimesLiveOutsideNamespaces() {
    HttpResponse<String> created = api.send("POST", RUNTIMES, YAML, """
        metadata: {name: my-runtime}
        spec:
          supportedModelFormats: [{name: sklearn, autoSelect: true}]
          containers: [{name: kserve-container, command: [python, -m, server]}]
        """);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).at("/metadata").has("namespace")).isFalse();
    assertThat(json(created).path("kind").asText()).isEqualTo("ClusterServingRuntime");
    assertThat(api.get(RUNTIMES + "/my-runtime").statusCode()).isEqualTo(200);
    assertThat(names(json(api.get(RUNTIMES)))).contains("my-runtime");
  }

  @Test
  void aKnativeServiceGetsKnativesDefaultTraffic() {
    HttpResponse<String> created = api.send("POST", KSVCS.formatted(ns), YAML, """
        metadata: {name: iris-predictor}
        spec: {template: {spec: {containers: [{command: [serve]}]}}}
        """);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).at("/spec/traffic/0/latestRevision").asBoolean()).isTrue();
    assertThat(json(created).at("/spec/traffic/0/percent").asInt()).isEqualTo(100);
  }

  @Test
  void aRevisionsLabelsMayChangeButNotItsSpec() {
    String revision = """
        metadata: {name: iris-predictor-00001}
        spec: {containers: [{command: [serve]}]}
        """;
    api.create(REVISIONS.formatted(ns), revision);
    String path = REVISIONS.formatted(ns) + "/iris-predictor-00001";

    assertThat(api.send("PATCH", path, MERGE_PATCH,
        "{\"metadata\": {\"labels\": {\"a\": \"b\"}}}").statusCode()).isEqualTo(200);
    HttpResponse<String> changed = api.send("PUT", path, YAML, revision.replace("serve", "other"));

    assertThat(changed.statusCode()).isEqualTo(422);
    assertThat(json(changed).path("message").asText())
        .startsWith("Immutable fields changed (-old +new): spec\nspec.containers[0].command[0]:");
  }

  @Test
  void aBodyOfExactlyTheLimitIsRead() {
    String body = padded(isvc(ns, "big"), (int) RequestBodies.MAX_BYTES);

    HttpResponse<String> response = api.send("POST", ISVCS.formatted(ns), YAML, body);

    assertThat(response.statusCode()).isEqualTo(201);
  }

  @Test
  void aBodyOneByteOverTheLimitIsRefused() {
    String body = padded(isvc(ns, "big"), (int) RequestBodies.MAX_BYTES + 1);

    HttpResponse<String> response = api.send("POST", ISVCS.formatted(ns), YAML, body);

    assertTooLarge(response);
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefused() {
    byte[] body = padded(isvc(ns, "big"), (int) RequestBodies.MAX_BYTES + 1).getBytes();

    HttpResponse<String> response = api.send(api.request("POST", ISVCS.formatted(ns), YAML,
        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

    assertTooLarge(response);
    assertThat(api.get(ISVCS.formatted(ns) + "/big").statusCode()).isEqualTo(404);
  }

  private static void assertTooLarge(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).path("kind").asText()).isEqualTo("Status");
    assertThat(json(response).path("reason").asText()).isEqualTo("RequestEntityTooLarge");
    assertThat(json(response).path("message").asText())
        .contains("larger than the limit of 1048576 bytes");
  }

  /** The YAML document followed by a comment that brings it to exactly {@code size} bytes. */
  private static String padded(String yaml, int size) {
    String head = yaml + "#";
    return head + "x".repeat(size - head.length());
  }

  private static java.util.List<String> names(JsonNode list) {
    return StreamSupport.stream(list.path("items").spliterator(), false)
        .map(item -> item.at("/metadata/name").asText())
        .toList();
  }
}
