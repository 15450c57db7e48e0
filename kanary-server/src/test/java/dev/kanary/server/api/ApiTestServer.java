package dev.kanary.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.server.Server;
import dev.kanary.core.json.Json;
import dev.kanary.server.store.SqliteResourceStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The API on a free loopback port over a real SQLite store in a temporary directory, and an HTTP
 * client that sends the token.
 */
final class ApiTestServer implements AutoCloseable {
  static final ApiToken TOKEN = ApiToken.of("test-token");
  static final String ISVCS = "/apis/serving.kserve.io/v1beta1/namespaces/%s/inferenceservices";
  static final String KSVCS = "/apis/serving.knative.dev/v1/namespaces/%s/services";
  static final String REVISIONS = "/apis/serving.knative.dev/v1/namespaces/%s/revisions";
  static final String RUNTIMES = "/apis/serving.kserve.io/v1alpha1/clusterservingruntimes";
  static final String JSON = "application/json";
  static final String YAML = "application/yaml";
  static final String MERGE_PATCH = "application/merge-patch+json";

  final CountingStore store;
  private final Server server;
  final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ApiTestServer(CountingStore store, Server server) {
    this.store = store;
    this.server = server;
  }

  static ApiTestServer start(Path dataDir) {
    return start(dataDir, SqliteResourceStore.DEFAULT_EVENT_LOG_CAPACITY, Duration.ofSeconds(10));
  }

  static ApiTestServer start(Path dataDir, int eventLogCapacity, Duration requestTimeout) {
    CountingStore store = new CountingStore(
        SqliteResourceStore.open(dataDir, Clock.systemUTC(), eventLogCapacity));
    Server server = Server.builder()
        .http(new InetSocketAddress("127.0.0.1", 0))
        .requestTimeout(requestTimeout)
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
        .meterRegistry(new SimpleMeterRegistry())
        .service("prefix:/", ApiService.of(store, TOKEN))
        .build();
    server.start().join();
    return new ApiTestServer(store, server);
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.activeLocalPort() + pathAndQuery);
  }

  HttpRequest.Builder request(String method, String path, String contentType, BodyPublisher body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", TOKEN.authorizationHeader())
        .method(method, body);
    return contentType == null ? request : request.header("Content-Type", contentType);
  }

  HttpResponse<String> send(String method, String path, String contentType, String body) {
    return send(request(method, path, contentType,
        body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)));
  }

  HttpResponse<String> get(String path) {
    return send("GET", path, null, null);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates the object and returns it as stored. */
  ObjectNode create(String collection, String body) {
    HttpResponse<String> response = send("POST", collection, YAML, body);
    if (response.statusCode() != 201) {
      throw new AssertionError("create failed: " + response.statusCode() + " " + response.body());
    }
    return json(response);
  }

  static ObjectNode json(HttpResponse<String> response) {
    try {
      return (ObjectNode) Json.json().readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String isvc(String namespace, String name) {
    return """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata: {name: %s, namespace: %s, labels: {app: iris}}
        spec:
          predictor:
            model: {modelFormat: {name: onnx}, storageUri: /models/iris}
        """.formatted(name, namespace);
  }

  void stopServer() {
    server.stop().join();
  }

  @Override
  public void close() {
    server.stop().join();
    store.close();
    client.close();
  }
}
