package dev.kanary.cli.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A bare Kubernetes-style client for tests: what curl with a bearer token would do. */
public final class ApiClient {
  public record Reply(int code, JsonNode body) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String token;

  public ApiClient(int port, String token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  public Reply get(String path) {
    return send(request(path).GET());
  }

  public Reply post(String path, String body, String contentType) {
    return send(request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply mergePatch(String path, String json) {
    return send(request(path).header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply delete(String path) {
    return send(request(path).DELETE());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + token);
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), Json.json().readTree(response.body()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
