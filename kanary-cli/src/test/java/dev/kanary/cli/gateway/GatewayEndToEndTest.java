package dev.kanary.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import dev.kanary.cli.Main;
import dev.kanary.core.json.Json;
import dev.kanary.server.KanaryServer;
import dev.kanary.server.ServerConfig;
import dev.kanary.server.replica.ReplicaStatus;
import dev.kanary.server.replica.SelfCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway in front of real iris replicas while the tutorial's canary runs: clients keep
 * sending predictions through every kind of address while the InferenceService goes canary 10% →
 * promote → SIGKILL of the promoted revision's replica → rollback, and not one request fails.
 * Each step's new route is in effect for requests sent after the API shows it.
 */
class GatewayEndToEndTest {
  private static final Path MODELS =
      Path.of("../examples/models/iris").toAbsolutePath().normalize();
  private static final String ISVC = "/apis/serving.kserve.io/v1beta1/namespaces/kserve-test/"
      + "inferenceservices/sklearn-iris";
  private static final String R1 = "sklearn-iris-predictor-00001";
  private static final String R2 = "sklearn-iris-predictor-00002";
  private static final String HOST = "sklearn-iris.kserve-test.example.com";
  private static final String PREDICT = "/v1/models/sklearn-iris:predict";
  private static final String ROW = "{\"instances\": [[6.8, 2.8, 4.8, 1.4]]}";
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path dataDir;

  private record Sent(long at, String address, int status, String revision, String body) {}

  @Test
  void canaryPromoteKillAndRollbackLoseNoRequest() throws Exception {
    ServerConfig config = ServerConfig.defaults(dataDir,
            SelfCommand.of(Main.class, dataDir.resolve("run")))
        .withPorts(0, 0);
    try (KanaryServer server = KanaryServer.start(config);
        ClientFactory factory = ClientFactory.builder().build()) {
      Api api = new Api(server.apiPort(), server.token().value());
      api.send("POST", ISVC.substring(0, ISVC.lastIndexOf('/')), """
          {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
           "metadata": {"name": "sklearn-iris", "namespace": "kserve-test",
             "annotations": {"serving.kserve.io/enable-tag-routing": "true"}},
           "spec": {"predictor": {"model": {"modelFormat": {"name": "onnx"},
             "storageUri": "%s"}}}}""".formatted(MODELS.resolve("model-1")));
      awaitTraffic(api, R1 + "=100");

      Gateway gateway = new Gateway(server.httpPort(), factory);
      List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean sending = new AtomicBoolean(true);
      Semaphore load = new Semaphore(2);
      List<Thread> clients = List.of(
          Thread.ofPlatform().start(() -> keepSending(gateway, SessionProtocol.H1C, HOST, PREDICT,
              sending, load, sent)),
          Thread.ofPlatform().start(() -> keepSending(gateway, SessionProtocol.H2C, "127.0.0.1",
              "/serving/kserve-test/sklearn-iris" + PREDICT, sending, load, sent)));
      try {
        await().atMost(PATIENCE).until(() -> sent.size() > 20);

        api.send("PATCH", ISVC, """
            {"spec": {"predictor": {"canaryTrafficPercent": 10,
              "model": {"storageUri": "%s"}}}}""".formatted(MODELS.resolve("model-2")));
        long canaryAt = awaitTraffic(api, R2 + "=10", R1 + "=90");
        // Alone on the split, 100 requests are 100 consecutive picks: exactly 10 canaries.
        load.acquire(2);
        assertThat(gateway.revisionsOf(100, HOST, PREDICT))
            .containsOnly(R1, R2).filteredOn(R2::equals).hasSize(10);
        load.release(2);
        assertThat(gateway.revisionsOf(5, "prev-sklearn-iris-predictor.kserve-test.example.com",
            PREDICT)).containsOnly(R1);
        assertThat(gateway.revisionsOf(5, "latest-sklearn-iris-predictor.kserve-test.example.com",
            PREDICT)).containsOnly(R2);
        assertThat(gateway.revisionsOf(5, HOST, PREDICT, "knative-serving-tag", "latest"))
            .containsOnly(R2);
        assertThat(gateway.revisionsOf(5, "sklearn-iris.kserve-test.localhost", PREDICT,
            "knative-serving-tag", "prev")).containsOnly(R1);
        await().atMost(PATIENCE).until(() -> revisionsSentAfter(sent, canaryAt).contains(R2));

        api.send("PATCH", ISVC, "{\"spec\": {\"predictor\": {\"canaryTrafficPercent\": null}}}");
        long promotedAt = awaitTraffic(api, R2 + "=100");
        await().atMost(PATIENCE).until(() -> sentAfter(sent, promotedAt).size() > 50);

        // The replica taking all the traffic dies: what it had in flight is sent again to its
        // successor (retry on reset), and what comes meanwhile waits for it.
        ReplicaStatus victim = server.supervisor().replicas().stream()
            .filter(r -> r.revision().endsWith("/" + R2) && r.ready())
            .findFirst().orElseThrow();
        ProcessHandle.of(victim.pid().getAsLong()).orElseThrow().destroyForcibly();
        await().atMost(PATIENCE).until(() -> server.supervisor().status(victim.name())
            .map(r -> r.restarts() > victim.restarts() && r.ready()).orElse(false));
        long replacedAt = System.nanoTime();
        await().atMost(PATIENCE).until(() -> sentAfter(sent, replacedAt).size() > 20);

        long rollbackAsked = System.nanoTime();
        api.send("PATCH", ISVC, "{\"spec\": {\"predictor\": {\"canaryTrafficPercent\": 0}}}");
        long rolledBackAt = awaitTraffic(api, R1 + "=100", R2 + "=0");
        await().atMost(PATIENCE).until(() -> sentAfter(sent, rolledBackAt).size() > 50);

        sending.set(false);
        for (Thread client : clients) {
          client.join();
        }
        assertThat(sent).filteredOn(s -> s.status() != 200).isEmpty();
        assertThat(sent.stream().filter(s -> s.at() > promotedAt && s.at() < rollbackAsked)
            .map(Sent::revision).collect(Collectors.toSet())).containsOnly(R2);
        assertThat(revisionsSentAfter(sent, rolledBackAt)).containsOnly(R1);
        assertThat(sent).extracting(Sent::body).allMatch(b -> b.contains("\"predictions\":[1]"));
      } finally {
        sending.set(false);
      }

      AggregatedHttpResponse unknown = gateway.send("nothing.kserve-test.example.com", PREDICT);
      assertThat(unknown.status()).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(unknown.contentUtf8()).contains("nothing.kserve-test.example.com");
      String metrics = api.send("GET", "/metrics", null).body();
      assertThat(metrics).contains("kanary_gateway_requests_total{code=\"200\","
          + "isvc=\"sklearn-iris\",namespace=\"kserve-test\",revision=\"" + R1 + "\"");
      assertThat(metrics).contains("kanary_gateway_replicas_ready{namespace=\"kserve-test\","
          + "revision=\"" + R1 + "\"} 1.0");
    }
  }

  /** Sends predictions one after the other while {@code sending}, each with a permit of load. */
  private static void keepSending(Gateway gateway, SessionProtocol protocol, String host,
      String path, AtomicBoolean sending, Semaphore load, List<Sent> sent) {
    WebClient client = gateway.client(protocol);
    while (sending.get()) {
      try {
        load.acquire();
      } catch (InterruptedException e) {
        return;
      }
      long at = System.nanoTime();
      try {
        AggregatedHttpResponse response = client.execute(
            RequestHeaders.builder(HttpMethod.POST, path).authority(host)
                .contentType(MediaType.JSON).build(),
            HttpData.ofUtf8(ROW)).aggregate().join();
        sent.add(new Sent(at, host, response.status().code(),
            response.headers().get("kanary-revision"), response.contentUtf8()));
      } catch (RuntimeException e) {
        sent.add(new Sent(at, host, 0, null, e.toString()));
      } finally {
        load.release();
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static List<Sent> sentAfter(List<Sent> sent, long at) {
    synchronized (sent) {
      return sent.stream().filter(s -> s.at() > at).toList();
    }
  }

  private static Set<String> revisionsSentAfter(List<Sent> sent, long at) {
    return sentAfter(sent, at).stream().map(Sent::revision).collect(Collectors.toSet());
  }

  /** Waits until the predictor's traffic is exactly {@code revision=percent...}; returns when. */
  private static long awaitTraffic(Api api, String... expected) {
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode isvc = Json.json().readTree(api.send("GET", ISVC, null).body());
          List<String> traffic = new ArrayList<>();
          isvc.at("/status/components/predictor/traffic").forEach(t ->
              traffic.add(t.at("/revisionName").asText() + "=" + t.at("/percent").asLong()));
          assertThat(traffic).containsExactlyInAnyOrder(expected);
          assertThat(isvc.at("/status/conditions").toString())
              .contains("\"type\":\"Ready\",\"status\":\"True\"");
        });
    return System.nanoTime();
  }

  /** Requests through the gateway, by host. */
  private record Gateway(int port, ClientFactory factory) {
    WebClient client(SessionProtocol protocol) {
      return WebClient.builder(protocol, Endpoint.of("127.0.0.1", port)).factory(factory)
          .responseTimeout(Duration.ofSeconds(30)).build();
    }

    AggregatedHttpResponse send(String host, String path, String... headers) {
      var request = RequestHeaders.builder(HttpMethod.POST, path).authority(host)
          .contentType(MediaType.JSON);
      for (int i = 0; i < headers.length; i += 2) {
        request.add(headers[i], headers[i + 1]);
      }
      return client(SessionProtocol.H1C).execute(request.build(), HttpData.ofUtf8(ROW))
          .aggregate().join();
    }

    List<String> revisionsOf(int count, String host, String path, String... headers) {
      List<String> revisions = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        AggregatedHttpResponse response = send(host, path, headers);
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
        revisions.add(response.headers().get("kanary-revision"));
      }
      return revisions;
    }
  }

  /** The control-plane API with the server's bearer token. */
  private record Api(int port, String token) {
    HttpResponse<String> send(String method, String path, String body) {
      HttpRequest.Builder request = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + path))
          .header("Authorization", "Bearer " + token)
          .method(method, body == null
              ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (method.equals("PATCH")) {
        request.header("Content-Type", "application/merge-patch+json");
      } else if (body != null) {
        request.header("Content-Type", "application/json");
      }
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
