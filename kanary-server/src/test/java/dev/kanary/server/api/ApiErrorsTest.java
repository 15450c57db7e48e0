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
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error the API answers, each a Kubernetes Status with its HTTP code. */
@Timeout(30)
class ApiErrorsTest {
  private static final String NS = "errors";
  private static final String COLLECTION = ISVCS.formatted(NS);
  private static final String IRIS = COLLECTION + "/iris";
  private static final String REVISION = REVISIONS.formatted(NS) + "/iris-predictor-00001";
  private static final String REVISION_YAML = """
      metadata: {name: iris-predictor-00001}
      spec: {containers: [{command: [serve]}]}
      """;

  @TempDir static Path dataDir;
  private static ApiTestServer api;
  /** iris as first created: its resourceVersion is stale once the setup has updated it. */
  private static ObjectNode staleIris;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start(dataDir);
    staleIris = api.create(COLLECTION, isvc(NS, "iris"));
    api.send("PATCH", IRIS, MERGE_PATCH, "{\"metadata\": {\"labels\": {\"touched\": \"yes\"}}}");
    api.create(REVISIONS.formatted(NS), REVISION_YAML);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** A request: method, path, Content-Type, body, and the Authorization header to send. */
  record Call(String method, String path, String contentType, String body, String authorization) {
    static Call of(String method, String path) {
      return new Call(method, path, null, null, ApiTestServer.TOKEN.authorizationHeader());
    }

    Call body(String type, String text) {
      return new Call(method, path, type, text, authorization);
    }

    Call authorization(String header) {
      return new Call(method, path, contentType, body, header);
    }

    HttpRequest.Builder toRequest() {
      HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path))
          .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      return request;
    }
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        // 400 BadRequest
        argumentSet("malformed JSON names line and column",
            Call.of("POST", COLLECTION).body(JSON, "{\"metadata\": {\"name\": \"a\"},,}"),
            400, "BadRequest", "the request body is not valid JSON or YAML: line 1, column"),
        argumentSet("malformed YAML names line and column",
            Call.of("POST", COLLECTION).body(YAML, "metadata:\n  name: a\n labels: x\n"),
            400, "BadRequest", "the request body is not valid JSON or YAML: line 3, column"),
        argumentSet("two documents", Call.of("POST", COLLECTION).body(YAML,
                isvc(NS, "a") + "---\n" + isvc(NS, "b")),
            400, "BadRequest", "the request body holds 2 documents"),
        argumentSet("an empty body", Call.of("POST", COLLECTION).body(YAML, ""),
            400, "BadRequest", "the request body is empty"),
        argumentSet("a bad labelSelector",
            Call.of("GET", COLLECTION + "?labelSelector=app+in+(a"),
            400, "BadRequest", "invalid labelSelector \"app in (a\""),
        argumentSet("a bad watch resourceVersion",
            Call.of("GET", COLLECTION + "?watch=true&resourceVersion=latest"),
            400, "BadRequest", "resourceVersion \"latest\" is not a number"),
        argumentSet("the name in the body differs from the URL's",
            Call.of("PUT", IRIS).body(YAML, isvc(NS, "other")),
            400, "BadRequest",
            "the name of the object (other) does not match the name on the URL (iris)"),
        argumentSet("the namespace in the body differs from the URL's",
            Call.of("POST", COLLECTION).body(YAML, isvc("other", "a")),
            400, "BadRequest", "the namespace of the provided object (other) does not match"),
        argumentSet("the body's apiVersion differs from the URL's",
            Call.of("POST", KSVCS.formatted(NS)).body(YAML, isvc(NS, "a")),
            400, "BadRequest", "the API version in the data (serving.kserve.io/v1beta1) does"
                + " not match the expected API version (serving.knative.dev/v1)"),
        argumentSet("the body's kind differs from the URL's",
            Call.of("POST", REVISIONS.formatted(NS)).body(YAML, "kind: Service\n"
                + REVISION_YAML),
            400, "BadRequest",
            "the kind in the data (Service) does not match the kind of the URL (Revision)"),
        argumentSet("a patch that renames the object",
            Call.of("PATCH", IRIS).body(MERGE_PATCH, "{\"metadata\": {\"name\": \"x\"}}"),
            400, "BadRequest", "the name of the object (x) does not match the name on the URL"),
        // 401 Unauthorized
        argumentSet("no token", Call.of("GET", COLLECTION).authorization(null),
            401, "Unauthorized", "send the API token in the header 'Authorization: Bearer"),
        argumentSet("a wrong token", Call.of("GET", COLLECTION).authorization("Bearer nope"),
            401, "Unauthorized", "Unauthorized"),
        argumentSet("a token in the wrong scheme",
            Call.of("GET", COLLECTION).authorization("Basic test-token"),
            401, "Unauthorized", "Unauthorized"),
        argumentSet("no token, even for an unknown path",
            Call.of("GET", "/nothing").authorization(null), 401, "Unauthorized", "Unauthorized"),
        // 404 NotFound
        argumentSet("an object that does not exist", Call.of("GET", COLLECTION + "/missing"),
            404, "NotFound", "inferenceservices.serving.kserve.io \"missing\" not found"),
        argumentSet("PUT of an object that does not exist",
            Call.of("PUT", COLLECTION + "/missing").body(YAML, isvc(NS, "missing")),
            404, "NotFound", "\"missing\" not found"),
        argumentSet("PATCH of an object that does not exist",
            Call.of("PATCH", COLLECTION + "/missing").body(MERGE_PATCH, "{}"),
            404, "NotFound", "\"missing\" not found"),
        argumentSet("DELETE of an object that does not exist",
            Call.of("DELETE", COLLECTION + "/missing"),
            404, "NotFound", "\"missing\" not found"),
        argumentSet("an unknown resource", Call.of("GET", "/apis/serving.kserve.io/v1beta1/models"),
            404, "NotFound", "serving.kserve.io/v1beta1 serves no such kind"),
        argumentSet("an unknown path", Call.of("GET", "/api/v1/pods"),
            404, "NotFound", "the server could not find the requested resource /api/v1/pods"),
        argumentSet("an unknown subresource", Call.of("GET", IRIS + "/scale"),
            404, "NotFound", "the server could not find the requested resource"),
        // 405 MethodNotAllowed
        argumentSet("DELETE of a collection", Call.of("DELETE", COLLECTION),
            405, "MethodNotAllowed", "a collection takes GET (list, ?watch=true) and POST"),
        argumentSet("POST to an object", Call.of("POST", IRIS).body(YAML, isvc(NS, "iris")),
            405, "MethodNotAllowed", "an object takes GET, PUT, PATCH"),
        argumentSet("PUT to a collection", Call.of("PUT", COLLECTION).body(YAML, isvc(NS, "a")),
            405, "MethodNotAllowed", "the server does not allow this method"),
        argumentSet("DELETE of a status", Call.of("DELETE", IRIS + "/status"),
            405, "MethodNotAllowed", "a status takes GET, PUT and PATCH"),
        argumentSet("POST across all namespaces",
            Call.of("POST", "/apis/serving.kserve.io/v1beta1/inferenceservices")
                .body(YAML, isvc(NS, "a")),
            405, "MethodNotAllowed", "create inferenceservices in a namespace"),
        argumentSet("an unknown verb", Call.of("OPTIONS", IRIS),
            405, "MethodNotAllowed", "OPTIONS"),
        // 409 AlreadyExists and Conflict
        argumentSet("create of an existing name",
            Call.of("POST", COLLECTION).body(YAML, isvc(NS, "iris")),
            409, "AlreadyExists", "inferenceservices.serving.kserve.io \"iris\" already exists"),
        argumentSet("PUT with a stale resourceVersion",
            Call.of("PUT", IRIS).body(JSON, staleIrisJson()),
            409, "Conflict", "Operation cannot be fulfilled on"
                + " inferenceservices.serving.kserve.io \"iris\": the object has been modified"),
        argumentSet("PATCH with a stale resourceVersion", Call.of("PATCH", IRIS).body(MERGE_PATCH,
                "{\"metadata\": {\"resourceVersion\": \"1\", \"labels\": {\"a\": \"b\"}}}"),
            409, "Conflict", "the object has been modified"),
        argumentSet("DELETE with a stale precondition", Call.of("DELETE", IRIS).body(JSON,
                "{\"preconditions\": {\"resourceVersion\": \"1\"}}"),
            409, "Conflict", "the ResourceVersion in the precondition (1) does not match"),
        // 410 Expired
        argumentSet("a watch from a resourceVersion this store never had",
            Call.of("GET", COLLECTION + "?watch=true&resourceVersion=999999"),
            410, "Expired", "too large resource version: 999999"),
        // 415 UnsupportedMediaType
        argumentSet("a JSON patch", Call.of("PATCH", IRIS).body("application/json-patch+json",
                "[{\"op\": \"remove\", \"path\": \"/metadata/labels\"}]"),
            415, "UnsupportedMediaType", "accepted media types include:"
                + " application/merge-patch+json"),
        argumentSet("a strategic merge patch",
            Call.of("PATCH", IRIS).body("application/strategic-merge-patch+json", "{}"),
            415, "UnsupportedMediaType", "application/strategic-merge-patch+json"),
        argumentSet("a patch as plain JSON", Call.of("PATCH", IRIS).body(JSON, "{}"),
            415, "UnsupportedMediaType", "application/merge-patch+json"),
        argumentSet("a patch without a Content-Type", Call.of("PATCH", IRIS).body(null, "{}"),
            415, "UnsupportedMediaType", "no Content-Type"),
        // 422 Invalid
        argumentSet("KServe's name rule",
            Call.of("POST", COLLECTION).body(YAML, isvc(NS, "Iris")),
            422, "Invalid", "the InferenceService \"Iris\" is invalid: a InferenceService name"
                + " must consist of lower case alphanumeric characters or '-'"),
        argumentSet("KServe's predictor rule", Call.of("POST", COLLECTION).body(YAML, """
                metadata: {name: a}
                spec: {predictor: {minReplicas: 1}}
                """),
            422, "Invalid", "exactly one of [SKLearn, XGBoost"),
        argumentSet("a canary percent out of range, by patch",
            Call.of("PATCH", IRIS).body(MERGE_PATCH,
                "{\"spec\": {\"predictor\": {\"canaryTrafficPercent\": 120}}}"),
            422, "Invalid", "expected 0 <= 120 <= 100: spec.predictor.canaryTrafficPercent"),
        argumentSet("a field of the wrong type", Call.of("POST", COLLECTION).body(YAML,
                isvc(NS, "a") + "    minReplicas: [1]\n"),
            422, "Invalid", "spec.predictor.minReplicas: Invalid value"),
        argumentSet("Knative's traffic rule", Call.of("POST", KSVCS.formatted(NS)).body(YAML, """
                metadata: {name: s}
                spec:
                  template: {spec: {containers: [{command: [serve]}]}}
                  traffic: [{latestRevision: true, percent: 90}]
                """),
            422, "Invalid", "Traffic targets sum to 90, want 100: spec.traffic"),
        argumentSet("a runtime without a command", Call.of("POST", RUNTIMES).body(YAML, """
                metadata: {name: r}
                spec:
                  supportedModelFormats: [{name: sklearn}]
                  containers: [{name: kserve-container, image: kserve/sklearnserver}]
                """),
            422, "Invalid", "spec.containers[0].command: Required value"),
        argumentSet("a change to a revision's spec",
            Call.of("PUT", REVISION).body(YAML, REVISION_YAML.replace("serve", "other")),
            422, "Invalid", "Immutable fields changed (-old +new): spec"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void answersWithAStatus(Call call, int code, String reason, String message) {
    HttpResponse<String> response = api.send(call.toRequest());

    assertThat(response.statusCode()).isEqualTo(code);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    ObjectNode status = json(response);
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(status.path("metadata").isObject()).isTrue();
    assertThat(status.path("status").asText()).isEqualTo("Failure");
    assertThat(status.path("code").asInt()).isEqualTo(code);
    assertThat(status.path("reason").asText()).isEqualTo(reason);
    assertThat(status.path("message").asText()).contains(message);
    if (code == 401) {
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"kanary\"");
    }
  }

  @Test
  void theDetailsNameTheObject() {
    ObjectNode status = json(api.get(COLLECTION + "/missing"));

    assertThat(status.path("details"))
        .isEqualTo(AdmissionTest.doc("{name: missing, group: serving.kserve.io,"
            + " kind: inferenceservices}"));
  }

  private static String staleIrisJson() {
    ObjectNode body = staleIris.deepCopy();
    ((ObjectNode) body.at("/spec/predictor")).put("minReplicas", 2);
    return body.toString();
  }
}
