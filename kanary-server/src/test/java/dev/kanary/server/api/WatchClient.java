package dev.kanary.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A client of one watch: its events arrive in a queue; closing it disconnects. */
final class WatchClient implements AutoCloseable {
  /** Put in the queue when the server ends the stream. */
  static final JsonNode END = Json.json().createObjectNode().put("type", "END");

  final HttpResponse<InputStream> response;
  private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
  private final Thread reader;

  private WatchClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = Thread.ofVirtual().start(this::read);
  }

  static WatchClient open(ApiTestServer api, String pathAndQuery) {
    try {
      HttpResponse<InputStream> response = api.client.send(
          api.request("GET", pathAndQuery, null, BodyPublishers.noBody()).build(),
          BodyHandlers.ofInputStream());
      return new WatchClient(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next event, {@link #END}, or null when none comes within the timeout. */
  JsonNode next(long timeoutMillis) throws InterruptedException {
    return events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  JsonNode next() throws InterruptedException {
    JsonNode event = next(5_000);
    if (event == null) {
      throw new AssertionError("no watch event within 5 s");
    }
    return event;
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        events.add(Json.json().readTree(line));
      }
    } catch (IOException e) {
      // Disconnected: the stream simply ends.
    }
    events.add(END);
  }

  @Override
  public void close() throws InterruptedException {
    try {
      response.body().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    reader.join(5_000);
  }
}
