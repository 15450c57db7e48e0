package dev.kanary.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.kanary.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The control plane API as a client sees it: JSON over HTTP with the bearer token. */
final class Api {
  static final String ISVCS = "/apis/serving.kserve.io/v1beta1/namespaces/%s/inferenceservices";
  static final String REVISIONS = "/apis/serving.knative.dev/v1/namespaces/%s/revisions";
  static final String RUNTIMES = "/apis/serving.kserve.io/v1alpha1/clusterservingruntimes";

  record Reply(int code, JsonNode body) {
    boolean ok() {
      return code / 100 == 2;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  Api(int port, String token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  Reply get(String path) {
    return send(request(path).GET());
  }

  Reply post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply mergePatch(String path, String json) {
    return send(request(path).header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token);
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      JsonNode json = body.isBlank() ? MissingNode.getInstance() : Json.json().readTree(body);
      return new Reply(response.statusCode(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** True when the object's status is current (observedGeneration) and says Ready=True. */
  static boolean ready(JsonNode object) {
    return object.at("/status/observedGeneration").asLong(-1)
            == object.at("/metadata/generation").asLong()
        && conditionStatus(object.at("/status"), "Ready").equals("True");
  }

  static String conditionStatus(JsonNode status, String type) {
    for (JsonNode condition : status.at("/conditions")) {
      if (condition.at("/type").asText().equals(type)) {
        return condition.at("/status").asText();
      }
    }
    return "";
  }
}
