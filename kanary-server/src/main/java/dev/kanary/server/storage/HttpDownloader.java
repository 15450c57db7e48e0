package dev.kanary.server.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs a URL into a file. It follows redirects itself, whatever the client's policy, fails on a
 * status other than 2xx, and gives up when no byte has arrived for the timeout: a model can be
 * large, so the limit is on a stall, not on the whole download.
 */
final class HttpDownloader {
  private static final int MAX_REDIRECTS = 10;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final HttpClient client;
  private final Duration timeout;

  HttpDownloader(HttpClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /** Writes the body of {@code uri} into {@code file}, replacing it. */
  void download(URI uri, Path file) throws IOException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpResponse<Path> response = exchange(current, file);
      int status = response.statusCode();
      if (status / 100 == 2) {
        return;
      }
      Optional<String> location = response.headers().firstValue("location");
      if (!REDIRECTS.contains(status) || location.isEmpty()) {
        throw new HttpStatusException(status, uri, current);
      }
      if (hop == MAX_REDIRECTS) {
        throw new IOException("more than " + MAX_REDIRECTS + " redirects");
      }
      try {
        current = current.resolve(location.get());
      } catch (IllegalArgumentException e) {
        throw new IOException("a redirect to an invalid location \"" + location.get() + "\"", e);
      }
    }
  }

  private HttpResponse<Path> exchange(URI uri, Path file) throws IOException {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot request " + uri + " (" + e.getMessage() + ")", e);
    }
    CompletableFuture<HttpResponse<Path>> pending =
        client.sendAsync(
            request,
            info ->
                info.statusCode() / 100 == 2
                    ? BodySubscribers.ofFile(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)
                    : BodySubscribers.replacing(null));
    try {
      return await(pending, file);
    } catch (ExecutionException e) {
      throw explain(e.getCause(), uri);
    }
  }

  /** Waits for the exchange while the file keeps growing; cancels it after a stall. */
  private HttpResponse<Path> await(CompletableFuture<HttpResponse<Path>> pending, Path file)
      throws IOException, ExecutionException {
    long pollMillis = Math.clamp(timeout.toMillis() / 10, 10, 1000);
    long size = -1;
    long lastProgress = System.nanoTime();
    while (true) {
      try {
        return pending.get(pollMillis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        long now = System.nanoTime();
        long current = sizeOf(file);
        if (current != size) {
          size = current;
          lastProgress = now;
        } else if (now - lastProgress >= timeout.toNanos()) {
          pending.cancel(true);
          throw new HttpTimeoutException("no data for " + human(timeout));
        }
      } catch (InterruptedException e) {
        pending.cancel(true);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
    }
  }

  private IOException explain(Throwable failure, URI uri) {
    return switch (failure) {
      case HttpConnectTimeoutException e ->
          new IOException("no connection within " + human(timeout), e);
      case HttpTimeoutException e -> new IOException("no response within " + human(timeout), e);
      case ConnectException e when e.getCause() instanceof UnresolvedAddressException ->
          new IOException("unknown host " + uri.getHost(), e);
      case ConnectException e ->
          new IOException(e.getMessage() == null ? "connection refused" : e.getMessage(), e);
      case IOException e -> e;
      default -> new IOException(String.valueOf(failure), failure);
    };
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      return -2;
    }
  }

  private static String human(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
