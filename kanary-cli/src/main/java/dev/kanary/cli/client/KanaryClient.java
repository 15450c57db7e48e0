package dev.kanary.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.kanary.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The kanary server's API as the CLI uses it: JSON in and out, the bearer token on every call,
 * every refusal an {@link ApiError} carrying the server's Status, and a server that cannot be
 * reached a {@link ClientError} that says how to start one.
 */
public final class KanaryClient implements AutoCloseable {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final String JSON = "application/json";
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private final URI server;
  private final Optional<String> token;
  private final String tokenSource;
  private final HttpClient http;

  /**
   * @param token the bearer token, when one was found
   * @param tokenSource where it was looked for, for the message when the server refuses it
   */
  public KanaryClient(URI server, Optional<String> token, String tokenSource) {
    this.server = server;
    this.token = token;
    this.tokenSource = tokenSource;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .build();
  }

  public URI server() {
    return server;
  }

  public JsonNode get(String path) {
    return send(request(path).GET());
  }

  /** The object, or empty when the server has none there. */
  public Optional<JsonNode> find(String path) {
    try {
      return Optional.of(get(path));
    } catch (ApiError e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public JsonNode create(String collection, JsonNode object) {
    return send(request(collection).header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofString(Json.toJson(object))));
  }

  /** PUT: the object's metadata.resourceVersion, when set, is a precondition. */
  public JsonNode replace(String path, JsonNode object) {
    return send(request(path).header("Content-Type", JSON)
        .PUT(HttpRequest.BodyPublishers.ofString(Json.toJson(object))));
  }

  public JsonNode mergePatch(String path, JsonNode patch) {
    return send(request(path).header("Content-Type", MERGE_PATCH)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(Json.toJson(patch))));
  }

  public JsonNode delete(String path) {
    return send(request(path).DELETE());
  }

  /** A streamed body, such as a followed log; the caller closes it. */
  public InputStream stream(String path) {
    HttpResponse<InputStream> response =
        exchange(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() / 100 != 2) {
      try (InputStream body = response.body()) {
        throw refusal(response.statusCode(), new String(body.readAllBytes(),
            StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw unreachable(e);
      }
    }
    return response.body();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
        .header("Accept", JSON);
    token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
    return request;
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response =
        exchange(request.timeout(REQUEST_TIMEOUT), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw refusal(response.statusCode(), response.body());
    }
    return parse(response.body());
  }

  private <T> HttpResponse<T> exchange(
      HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request.build(), body);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientError("interrupted while waiting for the kanary server at " + server, e);
    }
  }

  private ClientError unreachable(IOException e) {
    if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException
        || e.getCause() instanceof ConnectException) {
      return new ClientError("cannot reach the kanary server at " + server
          + " (start it with: kanary server)", e);
    }
    return new ClientError("the kanary server at " + server + " did not answer: "
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
  }

  /** The server's Status as an {@link ApiError}; a refused token as a {@link ClientError}. */
  private RuntimeException refusal(int code, String body) {
    if (code == 401) {
      return new ClientError(token.isEmpty()
          ? "no API token for the kanary server at " + server + ": " + tokenSource
              + "; set KANARY_TOKEN, or --data-dir to the server's data directory"
          : "the kanary server at " + server + " refused the API token from " + tokenSource
              + " (401 Unauthorized); set KANARY_TOKEN to the server's token, or --data-dir to"
              + " the data directory of the server at " + server);
    }
    JsonNode status = parse(body);
    if (status.path("kind").asText().equals("Status")) {
      return new ApiError(code, status.path("reason").asText("Unknown"),
          status.path("message").asText(""));
    }
    String text = body == null || body.isBlank() ? "HTTP " + code : body.strip();
    return new ApiError(code, "HTTP " + code, text);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return Json.json().readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
