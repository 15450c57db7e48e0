package dev.kanary.server.api;

import static dev.kanary.server.api.ApiTestServer.ISVCS;
import static dev.kanary.server.api.ApiTestServer.MERGE_PATCH;
import static dev.kanary.server.api.ApiTestServer.RUNTIMES;
import static dev.kanary.server.api.ApiTestServer.isvc;
import static dev.kanary.server.api.ApiTestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.server.store.ResourceType;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ?watch=true}: newline-delimited events over a chunked response. */
@Timeout(30)
class ApiWatchTest {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  /** Short, to show that a watch outlives the request timeout. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

  @TempDir static Path dataDir;
  private static ApiTestServer api;
  private String ns;
  private String collection;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start(dataDir.resolve("shared"), 10_000, REQUEST_TIMEOUT);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void namespace() {
    ns = "watch-" + NAMESPACES.incrementAndGet();
    collection = ISVCS.formatted(ns);
  }

  @Test
  void withoutAResourceVersionItListsFirstThenFollows() throws Exception {
    api.create(collection, isvc(ns, "a"));
    api.create(collection, isvc(ns, "b"));

    try (WatchClient watch = WatchClient.open(api, collection + "?watch=true")) {
      assertThat(watch.response.statusCode()).isEqualTo(200);
      assertThat(watch.response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/json"));
      assertThat(watch.response.headers().firstValue("Content-Length")).isEmpty();
      assertEvent(watch.next(), "ADDED", "a");
      assertEvent(watch.next(), "ADDED", "b");

      api.create(collection, isvc(ns, "c"));
      assertEvent(watch.next(), "ADDED", "c");
      api.send("PATCH", collection + "/a", MERGE_PATCH,
          "{\"metadata\": {\"labels\": {\"x\": \"y\"}}}");
      JsonNode modified = watch.next();
      assertEvent(modified, "MODIFIED", "a");
      assertThat(modified.at("/object/metadata/labels/x").asText()).isEqualTo("y");
      api.send("DELETE", collection + "/b", null, null);
      assertEvent(watch.next(), "DELETED", "b");
    }
  }

  @Test
  void withAResourceVersionItStartsAfterIt() throws Exception {
    api.create(collection, isvc(ns, "before"));
    String version = json(api.get(collection)).at("/metadata/resourceVersion").asText();
    api.create(collection, isvc(ns, "after"));

    try (WatchClient watch =
        WatchClient.open(api, collection + "?watch=1&resourceVersion=" + version)) {
      assertEvent(watch.next(), "ADDED", "after");
      assertThat(watch.next(300)).isNull();
    }
  }

  @Test
  void thereIsNoGapNorRepeatBetweenTheListAndTheWatch() throws Exception {
    int count = 40;
    Thread writer = Thread.ofVirtual().start(() -> {
      for (int i = 0; i < count; i++) {
        api.store.create(ResourceType.INFERENCE_SERVICE,
            AdmissionTest.doc(isvc(ns, "m" + i)));
      }
    });
    List<String> added = new ArrayList<>();
    try (WatchClient watch = WatchClient.open(api, collection + "?watch=true")) {
      while (added.size() < count) {
        JsonNode event = watch.next();
        assertThat(event.path("type").asText()).isEqualTo("ADDED");
        added.add(event.at("/object/metadata/name").asText());
      }
      writer.join();
      assertThat(watch.next(300)).isNull();
    }
    assertThat(new HashSet<>(added)).hasSize(count);
  }

  @Test
  void aLabelSelectorShowsObjectsEnteringAndLeavingIt() throws Exception {
    api.create(collection, isvc(ns, "canary").replace("app: iris", "track: canary"));
    api.create(collection, isvc(ns, "stable").replace("app: iris", "track: stable"));

    try (WatchClient watch =
        WatchClient.open(api, collection + "?watch=true&labelSelector=track%3Dcanary")) {
      assertEvent(watch.next(), "ADDED", "canary");

      relabel("stable", "canary");
      assertEvent(watch.next(), "ADDED", "stable");
      relabel("canary", "stable");
      assertEvent(watch.next(), "DELETED", "canary");
      relabel("canary", "stable");
      api.create(collection, isvc(ns, "other"));
      api.send("DELETE", collection + "/stable", null, null);
      assertEvent(watch.next(), "DELETED", "stable");
      assertThat(watch.next(300)).isNull();
    }
  }

  @Test
  void aNamedObjectCanBeWatched() throws Exception {
    api.create(collection, isvc(ns, "a"));
    api.create(collection, isvc(ns, "b"));

    try (WatchClient watch = WatchClient.open(api, collection + "/b?watch=true")) {
      assertEvent(watch.next(), "ADDED", "b");
      relabel("a", "x");
      relabel("b", "x");
      assertEvent(watch.next(), "MODIFIED", "b");
    }
  }

  @Test
  void clusterScopedKindsCanBeWatched() throws Exception {
    try (WatchClient watch = WatchClient.open(api, RUNTIMES + "?watch=true")) {
      api.create(RUNTIMES, """
          metadata: {name: watched-runtime}
          spec:
            supportedModelFormats: [{name: onnx}]
            containers: [{name: c, command: [serve]}]
          """);
      JsonNode event = watch.next();
      while (!event.at("/object/metadata/name").asText().equals("watched-runtime")) {
        event = watch.next();
      }
      assertEvent(event, "ADDED", "watched-runtime");
    }
  }

  @Test
  void aWatchOutlivesTheRequestTimeout() throws Exception {
    try (WatchClient watch = WatchClient.open(api, collection + "?watch=true")) {
      Thread.sleep(REQUEST_TIMEOUT.toMillis() * 2);
      api.create(collection, isvc(ns, "late"));

      assertEvent(watch.next(), "ADDED", "late");
    }
  }

  @Test
  void aClientThatGoesAwayEndsTheStoreWatch() throws Exception {
    int before = api.store.openWatches();
    WatchClient watch = WatchClient.open(api, collection + "?watch=true");
    api.create(collection, isvc(ns, "a"));
    assertEvent(watch.next(), "ADDED", "a");
    assertThat(api.store.openWatches()).isEqualTo(before + 1);

    watch.close();

    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(api.store.openWatches()).isEqualTo(before));
  }

  @Test
  void aResourceVersionTooOldIsExpired(@TempDir Path own) {
    try (ApiTestServer small = ApiTestServer.start(own, 2, Duration.ofSeconds(10))) {
      String path = ISVCS.formatted("old");
      for (String name : List.of("a", "b", "c", "d")) {
        small.create(path, isvc("old", name));
      }

      HttpResponse<String> response = small.get(path + "?watch=true&resourceVersion=1");

      assertThat(response.statusCode()).isEqualTo(410);
      assertThat(json(response).path("kind").asText()).isEqualTo("Status");
      assertThat(json(response).path("reason").asText()).isEqualTo("Expired");
      assertThat(json(response).path("message").asText()).contains("too old resource version");
      assertThat(small.store.openWatches()).isZero();
    }
  }

  @Test
  void stoppingTheServerEndsTheStream(@TempDir Path own) throws Exception {
    try (ApiTestServer stopping = ApiTestServer.start(own)) {
      WatchClient watch = WatchClient.open(stopping, ISVCS.formatted("s") + "?watch=true");
      stopping.create(ISVCS.formatted("s"), isvc("s", "a"));
      assertEvent(watch.next(), "ADDED", "a");

      stopping.stopServer();

      JsonNode last = watch.next();
      assertThat(last).isSameAs(WatchClient.END);
      await().atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(stopping.store.openWatches()).isZero());
      watch.close();
    }
  }

  private void relabel(String name, String track) {
    HttpResponse<String> response = api.send("PATCH", collection + "/" + name, MERGE_PATCH,
        "{\"metadata\": {\"labels\": {\"track\": \"" + track + "\"}}}");
    assertThat(response.statusCode()).isEqualTo(200);
  }

  private static void assertEvent(JsonNode event, String type, String name) {
    assertThat(event.path("type").asText()).as("type of %s", event).isEqualTo(type);
    assertThat(event.at("/object/metadata/name").asText()).isEqualTo(name);
    assertThat(event.at("/object/kind").asText()).isNotEmpty();
  }
}
