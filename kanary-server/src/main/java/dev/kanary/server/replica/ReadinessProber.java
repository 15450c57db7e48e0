package dev.kanary.server.replica;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Runs readiness probes without blocking a thread per replica. */
final class ReadinessProber implements AutoCloseable {
  /** The outcome of one probe; {@code detail} says why it failed. */
  record Result(boolean success, String detail) {
    static final Result SUCCESS = new Result(true, "");
  }

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** Never completes exceptionally. */
  CompletableFuture<Result> probe(int port, ReadinessProbe probe) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + probe.path()))
            .timeout(probe.timeout())
            .GET()
            .build();
    try {
      return client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .handle(
              (response, error) ->
                  error == null ? result(response.statusCode()) : failure(error));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failure(e));
    }
  }

  private static Result result(int status) {
    return status == 200 ? Result.SUCCESS : new Result(false, "HTTP status " + status);
  }

  private static Result failure(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
    if (cause instanceof HttpTimeoutException) {
      return new Result(false, "timed out");
    }
    if (cause instanceof ConnectException) {
      return new Result(false, "connection refused");
    }
    return new Result(false, cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
