package dev.kanary.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.server.Server;
import dev.kanary.core.json.Json;
import dev.kanary.server.event.EventRecorder;
import dev.kanary.server.event.InvolvedObject;
import dev.kanary.server.replica.ReplicaPhase;
import dev.kanary.server.replica.ReplicaStatus;
import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.SqliteResourceStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pods, their logs and events over HTTP, with the resource API mounted beside them. */
@Timeout(30)
class CoreApiServiceTest {
  private static final Instant STARTED = Instant.parse("2026-01-02T03:04:05Z");
  private static final String POD = "iris-predictor-00001-deployment-1a2b3c4d-xk2lp";
  private static final String PODS = "/api/v1/namespaces/ns/pods";

  @TempDir static Path dataDir;
  private static SqliteResourceStore store;
  private static Server server;
  private static final List<ReplicaStatus> replicas = new CopyOnWriteArrayList<>();
  private static final EventRecorder events = new EventRecorder(Clock.systemUTC());
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    store = SqliteResourceStore.open(dataDir, Clock.systemUTC());
    store.create(ResourceType.REVISION, (com.fasterxml.jackson.databind.node.ObjectNode)
        parse("""
            {"apiVersion": "serving.knative.dev/v1", "kind": "Revision",
             "metadata": {"name": "iris-predictor-00001", "namespace": "ns",
               "labels": {"serving.knative.dev/service": "iris-predictor",
                          "serving.kserve.io/inferenceservice": "iris",
                          "serving.knative.dev/routingState": "active"}},
             "spec": {}}"""));
    server = Server.builder()
        .http(new InetSocketAddress("127.0.0.1", 0))
        .meterRegistry(new SimpleMeterRegistry())
        .service("prefix:/api/v1/", CoreApiService.of(ApiTestServer.TOKEN, () -> replicas, store,
            events, dataDir.resolve("logs")))
        .service("prefix:/", ApiService.of(store, ApiTestServer.TOKEN))
        .build();
    server.start().join();
  }

  @AfterAll
  static void stop() {
    server.stop().join();
    store.close();
  }

  @BeforeEach
  void oneReadyReplica() {
    replicas.clear();
    replicas.add(replica(POD, ReplicaPhase.READY, true));
  }

  @Test
  void aReplicaIsAPodWithItsRevisionsLabels() {
    JsonNode pod = get(PODS + "/" + POD).body();

    assertThat(pod.at("/kind").asText()).isEqualTo("Pod");
    assertThat(pod.at("/metadata/namespace").asText()).isEqualTo("ns");
    assertThat(pod.at("/metadata/creationTimestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(pod.at("/metadata/labels").toString()).isEqualTo("{"
        + "\"serving.knative.dev/service\":\"iris-predictor\","
        + "\"serving.kserve.io/inferenceservice\":\"iris\","
        + "\"serving.knative.dev/revision\":\"iris-predictor-00001\"}");
    assertThat(pod.at("/metadata/annotations/serving.kanary.io~1port").asText()).isEqualTo("41234");
    assertThat(pod.at("/status/phase").asText()).isEqualTo("Running");
    assertThat(pod.at("/status/containerStatuses/0/ready").asBoolean()).isTrue();
    assertThat(pod.at("/status/containerStatuses/0/restartCount").asInt()).isEqualTo(2);
    assertThat(pod.at("/status/containerStatuses/0/state/running/startedAt").asText())
        .isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void aCrashingReplicaIsWaitingInCrashLoopBackOff() {
    replicas.add(replica("iris-predictor-00001-deployment-1a2b3c4d-zzzzz",
        ReplicaPhase.CRASH_LOOP_BACK_OFF, false));

    JsonNode pod = get(PODS + "/iris-predictor-00001-deployment-1a2b3c4d-zzzzz").body();

    assertThat(pod.at("/status/containerStatuses/0/state/waiting/reason").asText())
        .isEqualTo("CrashLoopBackOff");
    assertThat(pod.at("/status/containerStatuses/0/lastState/terminated/exitCode").asInt())
        .isEqualTo(3);
  }

  @Test
  void podsAreListedByNamespaceAndLabel() {
    replicas.add(new ReplicaStatus("other.p-1", "other/x-00001", ReplicaPhase.STARTING, false, 1,
        0, OptionalLong.empty(), 0, STARTED, OptionalInt.empty(), List.of(), "", ""));

    assertThat(names(get(PODS).body())).containsExactly(POD);
    assertThat(names(get("/api/v1/pods").body())).containsExactly(POD, "p-1");
    assertThat(names(get(PODS + "?labelSelector=serving.kserve.io/inferenceservice%3Diris").body()))
        .containsExactly(POD);
    assertThat(names(get(PODS + "?labelSelector=serving.kserve.io/inferenceservice%3Dnope").body()))
        .isEmpty();
  }

  @Test
  void anUnknownPodIsNotFound() {
    Reply reply = get(PODS + "/nope");

    assertThat(reply.code()).isEqualTo(404);
    assertThat(reply.body().at("/message").asText()).isEqualTo("pods \"nope\" not found");
  }

  @Test
  void aLogIsReadWhole() throws IOException {
    Path log = writeLog(POD, "line 1\nline 2\n");

    HttpResponse<String> response = send(request(PODS + "/" + POD + "/log"),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
    assertThat(response.body()).isEqualTo("line 1\nline 2\n");
    assertThat(log).exists();
  }

  @Test
  void theLogOfAStoppedReplicaIsStillThere() throws IOException {
    writeLog("gone-pod", "last words\n");

    assertThat(send(request(PODS + "/gone-pod/log"), HttpResponse.BodyHandlers.ofString()).body())
        .isEqualTo("last words\n");
  }

  @Test
  void aFollowedLogStreamsWhatIsAppendedUntilTheReplicaStops() throws IOException {
    Path log = writeLog(POD, "first\n");
    HttpResponse<InputStream> response = send(request(PODS + "/" + POD + "/log?follow=true"),
        HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(lines.readLine()).isEqualTo("first");

      Files.writeString(log, "second\n", StandardOpenOption.APPEND);
      assertThat(lines.readLine()).isEqualTo("second");

      Files.writeString(log, "third\n", StandardOpenOption.APPEND);
      replicas.clear();
      assertThat(lines.readLine()).isEqualTo("third");
      assertThat(lines.readLine()).isNull();
    }
  }

  @Test
  void eventsAreListedAndSelectedByTheirObject() {
    events.normal(InvolvedObject.pod("ns", POD), "Started", "Started container", "s");
    events.warning(InvolvedObject.pod("ns", "other"), "BackOff", "Back-off", "s");

    JsonNode all = get("/api/v1/namespaces/ns/events").body();
    JsonNode selected = get("/api/v1/namespaces/ns/events?fieldSelector=involvedObject.name%3D"
        + POD + ",involvedObject.kind%3DPod").body();

    assertThat(all.at("/kind").asText()).isEqualTo("EventList");
    assertThat(all.at("/items")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(selected.at("/items")).hasSize(1);
    assertThat(selected.at("/items/0/reason").asText()).isEqualTo("Started");
    String name = selected.at("/items/0/metadata/name").asText();
    assertThat(get("/api/v1/namespaces/ns/events/" + name).body().at("/reason").asText())
        .isEqualTo("Started");
  }

  @Test
  void theResourceApiStillAnswersBesideIt() {
    assertThat(get("/apis/serving.knative.dev/v1/namespaces/ns/revisions/iris-predictor-00001")
        .code()).isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      /api/v1/namespaces/ns/deployments         | 404 | the core API serves /api/v1/namespaces/{namespace}/pods[/{name}[/log]]
      /api/v1/namespaces/ns/pods/x..y/log       | 404 | is not a valid name
      /api/v1/namespaces/ns/pods/p/exec         | 404 | the core API serves
      /api/v1/pods/p                            | 404 | pods are namespaced
      /api/v1/namespaces/ns/events?fieldSelector=spec.x%3Dy | 400 | invalid fieldSelector
      """)
  void badPathsAndQueriesAreRefusedWithAStatus(String path, int code, String message) {
    Reply reply = get(path);

    assertThat(reply.code()).isEqualTo(code);
    assertThat(reply.body().at("/kind").asText()).isEqualTo("Status");
    assertThat(reply.body().at("/message").asText()).contains(message);
  }

  @Test
  void writesAreRefusedAndTheTokenIsRequired() {
    HttpResponse<String> delete = send(request(PODS + "/" + POD).DELETE(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri(PODS)),
        HttpResponse.BodyHandlers.ofString());

    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  private static ReplicaStatus replica(String pod, ReplicaPhase phase, boolean ready) {
    return new ReplicaStatus("ns." + pod, "ns/iris-predictor-00001", phase, ready, 41234, 0,
        OptionalLong.of(4242), 2, STARTED, OptionalInt.of(3), List.of(),
        phase == ReplicaPhase.CRASH_LOOP_BACK_OFF ? ReplicaStatus.CRASH_LOOP_BACK_OFF : "",
        "");
  }

  private static Path writeLog(String pod, String text) throws IOException {
    Path log = dataDir.resolve("logs").resolve("ns").resolve(pod + ".log");
    Files.createDirectories(log.getParent());
    Files.writeString(log, text);
    return log;
  }

  private record Reply(int code, JsonNode body) {}

  private Reply get(String path) {
    HttpResponse<String> response = send(request(path), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), parse(response.body()));
  }

  private static List<String> names(JsonNode list) {
    return java.util.stream.StreamSupport.stream(list.at("/items").spliterator(), false)
        .map(item -> item.at("/metadata/name").asText())
        .toList();
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.activeLocalPort() + path);
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path))
        .header("Authorization", ApiTestServer.TOKEN.authorizationHeader());
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request.build(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return Json.json().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
