package dev.kanary.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark (bench/gateway/run.sh): a steady open-loop load of iris predictions through the
 * gateway of a real standalone server while the tutorial's steps run and the replica taking all
 * the traffic is killed with SIGKILL; counts every request that did not get a 200, and prints the
 * gateway's retry counts.
 *
 * <pre>NoLossBench [SECONDS=60] [REQUESTS_PER_SECOND=200]</pre>
 * Steps, at fractions of the run: canary 10% (1/12), promote (4/12), SIGKILL of the promoted
 * revision's replica (6/12), rollback (8/12), canary 10% again (10/12).
 */
public final class NoLossBench {
  private static final Path MODELS = Path.of("examples/models/iris").toAbsolutePath();
  private static final String ISVCS =
      "/apis/serving.kserve.io/v1beta1/namespaces/kserve-test/inferenceservices";
  private static final String ISVC = ISVCS + "/sklearn-iris";
  private static final String HOST = "sklearn-iris.kserve-test.example.com";
  private static final String ROW = "{\"instances\": [[6.8, 2.8, 4.8, 1.4]]}";

  private record Outcome(long sentAtMillis, int status, String revision, long latencyMicros,
      String error) {}

  private NoLossBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path dataDir = Files.createTempDirectory("kanary-no-loss");
    ServerConfig config = ServerConfig.defaults(dataDir,
        SelfCommand.of(Main.class, dataDir.resolve("run"))).withPorts(0, 0);
    try (KanaryServer server = KanaryServer.start(config);
        ClientFactory factory = ClientFactory.builder().build()) {
      Api api = new Api(server.apiPort(), server.token().value());
      api.send("POST", ISVCS, """
          {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
           "metadata": {"name": "sklearn-iris", "namespace": "kserve-test"},
           "spec": {"predictor": {"model": {"modelFormat": {"name": "onnx"},
             "storageUri": "%s"}}}}""".formatted(MODELS.resolve("model-1")));
      api.awaitTraffic("sklearn-iris-predictor-00001=100");

      WebClient client = WebClient.builder(SessionProtocol.H1C,
              Endpoint.of("127.0.0.1", server.httpPort()))
          .factory(factory).responseTimeout(Duration.ofSeconds(60)).build();
      ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
      AtomicInteger outstanding = new AtomicInteger();
      AtomicReference<String> phase = new AtomicReference<>("model-1");
      Map<String, Map<String, AtomicInteger>> byPhase = new ConcurrentHashMap<>();
      long start = System.nanoTime();
      ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
      load.scheduleAtFixedRate(() -> {
        long sent = System.nanoTime();
        String sentIn = phase.get();
        outstanding.incrementAndGet();
        client.execute(RequestHeaders.builder(HttpMethod.POST, "/v1/models/sklearn-iris:predict")
                    .authority(HOST).contentType(MediaType.JSON).build(),
                HttpData.ofUtf8(ROW))
            .aggregate()
            .whenComplete((response, error) -> {
              long micros = (System.nanoTime() - sent) / 1_000;
              long at = (sent - start) / 1_000_000;
              Outcome outcome = error != null
                  ? new Outcome(at, 0, null, micros, error.toString())
                  : new Outcome(at, response.status().code(),
                      response.headers().get("kanary-revision"), micros,
                      response.status().code() == 200 ? null : response.contentUtf8());
              outcomes.add(outcome);
              byPhase.computeIfAbsent(sentIn, p -> new ConcurrentHashMap<>())
                  .computeIfAbsent(String.valueOf(outcome.revision()), r -> new AtomicInteger())
                  .incrementAndGet();
              outstanding.decrementAndGet();
            });
      }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);

      long step = seconds * 1000L / 12;
      List<String> timeline = new ArrayList<>();
      at(start, step, timeline, "canary 10% to model-2", () -> {
        phase.set("canary");
        api.send("PATCH", ISVC, """
            {"spec": {"predictor": {"canaryTrafficPercent": 10,
              "model": {"storageUri": "%s"}}}}""".formatted(MODELS.resolve("model-2")));
        api.awaitTraffic("sklearn-iris-predictor-00002=10", "sklearn-iris-predictor-00001=90");
      });
      at(start, 4 * step, timeline, "promote", () -> {
        phase.set("promoted");
        api.send("PATCH", ISVC, "{\"spec\": {\"predictor\": {\"canaryTrafficPercent\": null}}}");
        api.awaitTraffic("sklearn-iris-predictor-00002=100");
      });
      at(start, 6 * step, timeline, "SIGKILL the replica taking 100%", () -> {
        phase.set("killed");
        ReplicaStatus victim = server.supervisor().replicas().stream()
            .filter(r -> r.revision().endsWith("/sklearn-iris-predictor-00002") && r.ready())
            .findFirst().orElseThrow();
        ProcessHandle.of(victim.pid().getAsLong()).orElseThrow().destroyForcibly();
        long killed = System.nanoTime();
        while (server.supervisor().status(victim.name())
            .map(r -> r.restarts() == victim.restarts() || !r.ready()).orElse(true)) {
          Thread.sleep(10);
        }
        timeline.add(String.format("  replica %s ready again %.1f s after the kill",
            victim.name(), (System.nanoTime() - killed) / 1e9));
      });
      at(start, 8 * step, timeline, "rollback", () -> {
        phase.set("rolled back");
        api.send("PATCH", ISVC, "{\"spec\": {\"predictor\": {\"canaryTrafficPercent\": 0}}}");
        api.awaitTraffic("sklearn-iris-predictor-00001=100", "sklearn-iris-predictor-00002=0");
      });
      at(start, 10 * step, timeline, "canary 10% again", () -> {
        phase.set("canary again");
        api.send("PATCH", ISVC, "{\"spec\": {\"predictor\": {\"canaryTrafficPercent\": 10}}}");
        api.awaitTraffic("sklearn-iris-predictor-00002=10", "sklearn-iris-predictor-00001=90");
      });
      sleepUntil(start, seconds * 1000L);
      load.shutdown();
      load.awaitTermination(5, TimeUnit.SECONDS);
      while (outstanding.get() > 0) {
        Thread.sleep(10);
      }

      report(seconds, rate, timeline, new ArrayList<>(outcomes), byPhase);
      // Requests the gateway sent once more after a replica's connection reset under them.
      api.send("GET", "/metrics", null).lines()
          .filter(line -> line.startsWith("kanary_gateway_retries_total"))
          .forEach(line -> System.out.println("  " + line));
    } finally {
      deleteTree(dataDir);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void at(long start, long millis, List<String> timeline, String what, Step step)
      throws Exception {
    sleepUntil(start, millis);
    long began = System.nanoTime();
    step.run();
    timeline.add(String.format("%5.1f s  %s (in effect after %.2f s)",
        (began - start) / 1e9, what, (System.nanoTime() - began) / 1e9));
  }

  private static void sleepUntil(long start, long millis) throws InterruptedException {
    long wait = millis - (System.nanoTime() - start) / 1_000_000;
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  private static void report(int seconds, int rate, List<String> timeline,
      List<Outcome> outcomes, Map<String, Map<String, AtomicInteger>> byPhase) {
    List<Outcome> failed = outcomes.stream().filter(o -> o.status() != 200).toList();
    List<Long> latencies = new ArrayList<>(outcomes.stream().map(Outcome::latencyMicros).toList());
    Collections.sort(latencies);
    System.out.printf("== no loss: %d s at %d requests/s through the gateway%n", seconds, rate);
    timeline.forEach(System.out::println);
    System.out.printf("requests: %d sent, %d answered 200, %d failed%n", outcomes.size(),
        outcomes.size() - failed.size(), failed.size());
    failed.stream().limit(20).forEach(o -> System.out.printf("  failed at %.3f s: %s %s%n",
        o.sentAtMillis() / 1e3, o.status() == 0 ? "" : o.status(), o.error()));
    System.out.printf("latency: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
        pct(latencies, 0.5), pct(latencies, 0.99), pct(latencies, 0.999),
        latencies.getLast() / 1e3);
    Map<String, Map<String, AtomicInteger>> sorted = new TreeMap<>(byPhase);
    sorted.forEach((phase, counts) -> System.out.printf("  sent during %-13s %s%n", phase + ":",
        new TreeMap<>(counts)));
  }

  private static double pct(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p))) / 1e3;
  }

  /** The control-plane API with the server's bearer token. */
  private record Api(int port, String token) {
    String send(String method, String path, String body) throws IOException, InterruptedException {
      HttpRequest.Builder request = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + path))
          .header("Authorization", "Bearer " + token)
          .method(method, body == null
              ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      request.header("Content-Type",
          method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
          throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " "
              + response.body());
        }
        return response.body();
      }
    }

    void awaitTraffic(String... expected) throws Exception {
      List<String> wanted = List.of(expected);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        JsonNode isvc = Json.json().readTree(send("GET", ISVC, null));
        List<String> traffic = new ArrayList<>();
        isvc.at("/status/components/predictor/traffic").forEach(t ->
            traffic.add(t.at("/revisionName").asText() + "=" + t.at("/percent").asLong()));
        if (traffic.size() == wanted.size() && traffic.containsAll(wanted)
            && isvc.at("/status/conditions").toString()
                .contains("\"type\":\"Ready\",\"status\":\"True\"")) {
          return;
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException("traffic never became " + wanted);
    }
  }
}
