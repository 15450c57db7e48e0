package dev.kanary.server.gateway;

import static dev.kanary.server.gateway.Fixtures.isvc;
import static dev.kanary.server.gateway.Fixtures.predictor;
import static dev.kanary.server.gateway.Fixtures.replica;
import static dev.kanary.server.gateway.Fixtures.revision;
import static dev.kanary.server.gateway.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.SplitHttpResponse;
import com.sun.net.httpserver.HttpServer;
import dev.kanary.server.replica.ReplicaPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gateway over HTTP, in front of in-process replicas. */
class GatewayTest {
  private static final String R1 = "sklearn-iris-predictor-00001";
  private static final String R2 = "sklearn-iris-predictor-00002";
  private static final String PREDICTOR = "sklearn-iris-predictor";
  private static final String HOST = "sklearn-iris.kserve-test.example.com";

  private static TestBackend one;
  private static TestBackend two;
  private static TestBackend spare;
  private static ClientFactory clients;
  /** Servers stop in the background: the backends' (Armeria's) stop takes 2 s whatever the load. */
  private static final List<CompletableFuture<Void>> STOPPING = new ArrayList<>();

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Fixtures.Inputs inputs = new Fixtures.Inputs();
  private Gateway gateway;

  @BeforeAll
  static void startBackends() {
    one = new TestBackend("one");
    two = new TestBackend("two");
    spare = new TestBackend("spare");
    clients = ClientFactory.builder().build();
  }

  @AfterAll
  static void stopBackends() {
    STOPPING.addAll(List.of(one.stop(), two.stop(), spare.stop()));
    STOPPING.forEach(CompletableFuture::join);
    clients.close();
  }

  @AfterEach
  void stopGateway() {
    if (gateway != null) {
      STOPPING.add(gateway.closeAsync());
    }
  }

  @Test
  void routesByHostTagHostTagHeaderAndPath() {
    start(GatewaySettings.defaults(), canary());

    assertThat(get("prev-sklearn-iris-predictor.kserve-test.example.com", "/v1/models/x"))
        .satisfies(answeredBy(R1, "one"));
    assertThat(get("latest-sklearn-iris-predictor.kserve-test.example.com", "/"))
        .satisfies(answeredBy(R2, "two"));
    assertThat(get(HOST, "/", "knative-serving-tag", "latest")).satisfies(answeredBy(R2, "two"));
    assertThat(get(HOST, "/", "knative-serving-tag", "prev")).satisfies(answeredBy(R1, "one"));
    AggregatedHttpResponse viaPath =
        get("127.0.0.1", "/serving/kserve-test/sklearn-iris/v1/models/sklearn-iris:predict?a=b",
            "knative-serving-tag", "prev");
    assertThat(viaPath).satisfies(answeredBy(R1, "one"));
    assertThat(viaPath.headers().get("x-path")).isEqualTo("/v1/models/sklearn-iris:predict?a=b");
    String withPort = "prev-sklearn-iris-predictor.kserve-test.example.com:1234";
    assertThat(get(withPort, "/").headers().get("x-host")).isEqualTo(withPort);
  }

  @Test
  void theSplitIsExactAndAnUnknownTagFallsBackToIt() {
    start(GatewaySettings.defaults(), canary());

    List<String> revisions = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      revisions.add(get(i % 2 == 0 ? HOST : "sklearn-iris-predictor.kserve-test.example.com", "/",
          "knative-serving-tag", i % 3 == 0 ? "no-such-tag" : "")
          .headers().get(Gateway.REVISION_HEADER));
    }

    assertThat(revisions).filteredOn(R2::equals).hasSize(10);
    assertThat(revisions).filteredOn(R1::equals).hasSize(90);
    for (int n = 1; n <= 100; n++) {
      long canaries = revisions.subList(0, n).stream().filter(R2::equals).count();
      assertThat(Math.abs(canaries - n / 10.0)).as("after %d requests", n).isLessThan(1);
    }
  }

  @Test
  void anUnknownHostIs404NamingTheHost() {
    start(GatewaySettings.defaults(), canary());

    AggregatedHttpResponse response = get("nothing.kserve-test.example.com:8080", "/");

    assertThat(response.status()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(response.contentUtf8()).isEqualTo(
        "{\"error\":\"no InferenceService or Service serves host"
            + " \\\"nothing.kserve-test.example.com\\\"\"}");
    assertThat(response.headers().contentType().toString()).startsWith("application/json");
    assertThat(response.headers().contains(Gateway.REVISION_HEADER)).isFalse();
  }

  @Test
  void stickyKeysKeepAUserOnOneRevision() {
    inputs.isvcs.add(isvc("sklearn-iris", Map.of(StickyKey.ANNOTATION, "header:X-User")));
    start(GatewaySettings.defaults(), canary());

    Map<String, String> firstAnswer = new HashMap<>();
    for (int round = 0; round < 3; round++) {
      for (int user = 0; user < 40; user++) {
        String revision = get(HOST, "/", "x-user", "user-" + user)
            .headers().get(Gateway.REVISION_HEADER);
        assertThat(firstAnswer.computeIfAbsent("user-" + user, u -> revision)).isEqualTo(revision);
      }
    }
    assertThat(firstAnswer.values()).contains(R1);
  }

  @Test
  void theRevisionHeaderCanBeTurnedOff() {
    start(GatewaySettings.defaults().withRevisionHeader(false), canary());

    AggregatedHttpResponse response = get(HOST, "/");

    assertThat(response.status()).isEqualTo(HttpStatus.OK);
    assertThat(response.headers().contains(Gateway.REVISION_HEADER)).isFalse();
  }

  @Test
  void replicasAndRevisionsThatAreNotReadyGetNoRequest() {
    inputs.isvcs.add(isvc("sklearn-iris"));
    inputs.services.add(predictor("sklearn-iris", target(PREDICTOR, R1, 50, null),
        target(PREDICTOR, R2, 50, null)));
    inputs.replicas.addAll(List.of(
        replica("r1-a", R1, one.port()),
        replica("r1-starting", R1, spare.port(), ReplicaPhase.STARTING, false),
        replica("r1-unready", R1, spare.port(), ReplicaPhase.READY, false),
        replica("r2-crashed", R2, spare.port(), ReplicaPhase.CRASH_LOOP_BACK_OFF, false)));
    start(GatewaySettings.defaults().withReplicaWait(Duration.ofMillis(100)), inputs);
    int spareHits = spare.hits.get();

    List<AggregatedHttpResponse> responses = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      responses.add(get(HOST, "/"));
    }

    assertThat(spare.hits.get()).isEqualTo(spareHits);
    assertThat(responses).filteredOn(r -> r.status() == HttpStatus.OK).hasSize(5)
        .allSatisfy(answeredBy(R1, "one"));
    assertThat(responses).filteredOn(r -> r.status() == HttpStatus.SERVICE_UNAVAILABLE).hasSize(5)
        .allSatisfy(r -> {
          assertThat(r.headers().get(Gateway.REVISION_HEADER)).isEqualTo(R2);
          assertThat(r.contentUtf8()).startsWith("{\"error\":\"revision " + R2
              + " has no ready replica (waited ");
        });
  }

  @Test
  void aRequestWaitsForItsRevisionToGetAReadyReplica() {
    inputs.isvcs.add(isvc("sklearn-iris"));
    inputs.services.add(predictor("sklearn-iris", target(PREDICTOR, R1, 100, null)));
    inputs.replicas.add(replica("r1-a", R1, one.port(), ReplicaPhase.STARTING, false));
    start(GatewaySettings.defaults(), inputs);

    CompletableFuture<AggregatedHttpResponse> waiting = client(SessionProtocol.H1C)
        .execute(request(HOST, "/")).aggregate();
    sleep(300);
    assertThat(waiting).isNotDone();
    inputs.replicas.set(0, replica("r1-a", R1, one.port()));
    gateway.refresh();

    assertThat(waiting.join()).satisfies(answeredBy(R1, "one"));
  }

  @Test
  void anInferenceServiceWithoutARouteYetIs503AfterTheWait() {
    inputs.isvcs.add(isvc("pending"));
    start(GatewaySettings.defaults().withReplicaWait(Duration.ofMillis(100)), inputs);

    AggregatedHttpResponse response = get("pending.kserve-test.example.com", "/");

    assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(response.contentUtf8()).contains(
        "InferenceService kserve-test/pending has no ready revision yet");
  }

  @Test
  void aRevisionSlowerThanItsTimeoutIs504() {
    canary();
    inputs.revisions.add(revision(R1, 1L));
    start(GatewaySettings.defaults(), inputs);

    long start = System.nanoTime();
    AggregatedHttpResponse response = get(HOST, "/slow/3000", "knative-serving-tag", "prev");

    assertThat(response.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
    assertThat(response.contentUtf8()).isEqualTo("{\"error\":\"revision " + R1
        + " did not answer within its timeout of 1 s\"}");
    assertThat(response.headers().get(Gateway.REVISION_HEADER)).isEqualTo(R1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
  }

  /**
   * A replica that reads a request and resets its connection without answering (a replica killed
   * with SIGKILL): the request goes once more to the other replica, body and all.
   */
  @ParameterizedTest(name = "{0} of {2} bytes over {1}")
  @CsvSource({"GET, H1C, 0", "POST, H1C, 29", "POST, H2C, 29", "POST, H1C, 60000",
      "POST, H2C, 60000"})
  void aRequestResetBeforeAnyAnswerIsSentOnceMoreToAnotherReplica(
      HttpMethod method, SessionProtocol protocol, int bodyBytes) throws IOException {
    try (FailingReplica failing = new FailingReplica(FailingReplica.Mode.RESET)) {
      startWithFailingReplica(failing, GatewaySettings.defaults());
      String body = text(bodyBytes);

      Reached reached = firstToReach(failing, () -> client(protocol)
          .execute(request(HOST, method, "/echo-stream"), HttpData.ofUtf8(body)).aggregate());

      AggregatedHttpResponse response = reached.response().join();
      assertThat(response).satisfies(answeredBy(R1, "one"));
      assertThat(response.contentUtf8()).isEqualTo(body);
      assertThat(failing.bodies()).containsExactly(body);
      assertThat(reached.otherHits()).isEqualTo(1);
      assertThat(retries(GatewayMetrics.RESET)).isEqualTo(1);
      assertThat(registry.scrape()).contains("kanary_gateway_retries_total{namespace=\"kserve-test\","
          + "reason=\"reset\",revision=\"" + R1 + "\"} 1.0");
    }
  }

  @Test
  void aRequestResetWhileNoOtherReplicaIsReadyWaitsForOne() throws IOException {
    try (FailingReplica failing = new FailingReplica(FailingReplica.Mode.RESET)) {
      inputs.isvcs.add(isvc("sklearn-iris"));
      inputs.services.add(predictor("sklearn-iris", target(PREDICTOR, R1, 100, null)));
      inputs.replicas.add(replica("r1-killed", R1, failing.port()));
      start(GatewaySettings.defaults(), inputs);
      String body = text(100);

      CompletableFuture<AggregatedHttpResponse> waiting = client(SessionProtocol.H1C)
          .execute(request(HOST, HttpMethod.POST, "/echo-stream"), HttpData.ofUtf8(body))
          .aggregate();
      await().atMost(Duration.ofSeconds(5)).until(() -> failing.bodies().size() == 1);
      sleep(300);
      assertThat(waiting).isNotDone();
      inputs.replicas.set(0, replica("r1-successor", R1, one.port()));
      gateway.refresh();

      assertThat(waiting.join()).satisfies(answeredBy(R1, "one"));
      assertThat(waiting.join().contentUtf8()).isEqualTo(body);
      assertThat(retries(GatewayMetrics.RESET)).isEqualTo(1);
    }
  }

  @Test
  void aResetRequestWhoseBodyWasNotKeptWholeIs502() throws IOException {
    try (FailingReplica failing = new FailingReplica(FailingReplica.Mode.RESET)) {
      startWithFailingReplica(failing, GatewaySettings.defaults().withReplayBytes(1024));
      String body = text(2048);

      Reached reached = firstToReach(failing, () -> client(SessionProtocol.H1C)
          .execute(request(HOST, HttpMethod.POST, "/echo-stream"), HttpData.ofUtf8(body))
          .aggregate());

      AggregatedHttpResponse response = reached.response().join();
      assertThat(response.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
      assertThat(response.contentUtf8())
          .startsWith("{\"error\":\"revision " + R1 + " (replica r1-failing) failed: ");
      assertThat(response.headers().get(Gateway.REVISION_HEADER)).isEqualTo(R1);
      assertThat(failing.bodies()).containsExactly(body);
      assertThat(reached.otherHits()).isZero();
      assertThat(retries(GatewayMetrics.RESET)).isZero();
    }
  }

  @Test
  void withRetryOnResetOffAResetRequestIs502() throws IOException {
    try (FailingReplica failing = new FailingReplica(FailingReplica.Mode.RESET)) {
      startWithFailingReplica(failing, GatewaySettings.defaults().withRetryOnReset(false));

      Reached reached = firstToReach(failing, () -> client(SessionProtocol.H1C)
          .execute(request(HOST, "/")).aggregate());

      assertThat(reached.response().join().status()).isEqualTo(HttpStatus.BAD_GATEWAY);
      assertThat(reached.otherHits()).isZero();
      assertThat(retries(GatewayMetrics.RESET)).isZero();
    }
  }

  /** Once a response started, the request is answered: what comes of it is relayed, cut short. */
  @Test
  void aResetAfterTheResponseHeadersIsNotRetried() throws IOException {
    try (FailingReplica failing = new FailingReplica(FailingReplica.Mode.RESET_AFTER_HEADERS)) {
      startWithFailingReplica(failing, GatewaySettings.defaults());

      Reached reached = firstToReach(failing, () -> client(SessionProtocol.H1C)
          .execute(request(HOST, "/")).aggregate());

      assertThat(reached.response()).isCompletedExceptionally();
      assertThat(reached.otherHits()).isZero();
      assertThat(failing.bodies()).hasSize(1);
      assertThat(retries(GatewayMetrics.RESET)).isZero();
    }
  }

  @Test
  void aTimedOutRequestIs504AndNotRetried() throws IOException {
    try (FailingReplica failing = new FailingReplica(FailingReplica.Mode.SILENT)) {
      inputs.revisions.add(revision(R1, 1L));
      startWithFailingReplica(failing, GatewaySettings.defaults());

      Reached reached = firstToReach(failing, () -> client(SessionProtocol.H1C)
          .execute(request(HOST, "/")).aggregate());

      AggregatedHttpResponse response = reached.response().join();
      assertThat(response.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
      assertThat(response.contentUtf8()).isEqualTo("{\"error\":\"revision " + R1
          + " did not answer within its timeout of 1 s\"}");
      assertThat(reached.otherHits()).isZero();
      assertThat(failing.bodies()).hasSize(1);
      assertThat(retries(GatewayMetrics.RESET)).isZero();
    }
  }

  /** A replica may answer "Connection: close" and close a little later; that one is not reused. */
  @Test
  void aConnectionTheReplicaClosesIsNotReused() throws Exception {
    try (ServerSocket closing = new ServerSocket(0, 50,
        java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor = Thread.ofVirtual().start(() -> {
        while (!closing.isClosed()) {
          try {
            Socket socket = closing.accept();
            Thread.ofVirtual().start(() -> answerOnceThenLinger(socket));
          } catch (IOException e) {
            return;
          }
        }
      });
      inputs.isvcs.add(isvc("sklearn-iris"));
      inputs.services.add(predictor("sklearn-iris", target(PREDICTOR, R1, 100, null)));
      inputs.replicas.add(replica("r1-a", R1, closing.getLocalPort()));
      start(GatewaySettings.defaults(), inputs);

      for (int i = 0; i < 3; i++) {
        AggregatedHttpResponse response = get(HOST, "/");
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(response.contentUtf8()).isEqualTo("ok");
      }
      closing.close();
      acceptor.join();
    }
  }

  private static void answerOnceThenLinger(Socket socket) {
    try (socket) {
      var in = new java.io.BufferedReader(
          new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String line;
      do {
        line = in.readLine();
      } while (line != null && !line.isEmpty());
      socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
          + "Connection: close\r\n\r\nok").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      Thread.sleep(3000);
    } catch (IOException | InterruptedException e) {
      // The test is over.
    }
  }

  @Test
  void aReplicaWhoseConnectionFailedIsAvoidedUntilTheSupervisorReports() throws Exception {
    try (ServerSocket hangUp = new ServerSocket(0, 50,
        java.net.InetAddress.getLoopbackAddress())) {
      AtomicInteger connections = new AtomicInteger();
      Thread acceptor = Thread.ofVirtual().start(() -> {
        while (!hangUp.isClosed()) {
          try (Socket socket = hangUp.accept()) {
            connections.incrementAndGet();
            socket.getInputStream().read(new byte[16]);
          } catch (IOException e) {
            return;
          }
        }
      });
      inputs.isvcs.add(isvc("sklearn-iris"));
      inputs.services.add(predictor("sklearn-iris", target(PREDICTOR, R1, 100, null)));
      inputs.replicas.addAll(List.of(replica("r1-dying", R1, hangUp.getLocalPort()),
          replica("r1-a", R1, one.port())));
      start(GatewaySettings.defaults(), inputs);

      List<HttpStatus> statuses = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        statuses.add(get(HOST, "/").status());
      }

      assertThat(statuses).filteredOn(status -> status != HttpStatus.OK)
          .hasSizeLessThanOrEqualTo(1);
      // One request at most reached it: two connections when the HTTP/2 preface is refused first.
      assertThat(connections.get()).isLessThanOrEqualTo(2);
      hangUp.close();
      acceptor.join();
    }
  }

  @Test
  void aReplicaThatRefusesTheConnectionIsSkippedForAnotherWithTheSameBody() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    inputs.isvcs.add(isvc("sklearn-iris"));
    inputs.services.add(predictor("sklearn-iris", target(PREDICTOR, R1, 100, null)));
    inputs.replicas.addAll(List.of(replica("r1-gone", R1, closedPort),
        replica("r1-a", R1, one.port())));
    start(GatewaySettings.defaults(), inputs);

    for (int i = 0; i < 20; i++) {
      SessionProtocol protocol = i % 2 == 0 ? SessionProtocol.H1C : SessionProtocol.H2C;
      AggregatedHttpResponse response = client(protocol)
          .execute(request(HOST, HttpMethod.POST, "/v1/models/m:predict"),
              HttpData.ofUtf8("{\"instances\": [[1, 2, 3, 4]]}"))
          .aggregate().join();
      assertThat(response).satisfies(answeredBy(R1, "one"));
      assertThat(response.headers().get("x-body-length")).isEqualTo("29");
    }
    assertThat(retries(GatewayMetrics.REFUSED)).isGreaterThanOrEqualTo(1);
    assertThat(retries(GatewayMetrics.RESET)).isZero();
  }

  @Test
  void aPathFormRequestRefusedByItsOnlyReplicaWaitsForAnother() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    inputs.isvcs.add(isvc("sklearn-iris"));
    inputs.services.add(predictor("sklearn-iris", target(PREDICTOR, R1, 100, null)));
    inputs.replicas.add(replica("r1-gone", R1, closedPort));
    start(GatewaySettings.defaults(), inputs);

    CompletableFuture<AggregatedHttpResponse> waiting = client(SessionProtocol.H1C)
        .execute(request("127.0.0.1", "/serving/kserve-test/sklearn-iris/v1/models/m?x=1"))
        .aggregate();
    sleep(300);
    assertThat(waiting).isNotDone();
    inputs.replicas.set(0, replica("r1-a", R1, one.port()));
    gateway.refresh();

    assertThat(waiting.join()).satisfies(answeredBy(R1, "one"));
    assertThat(waiting.join().headers().get("x-path")).isEqualTo("/v1/models/m?x=1");
  }

  @Test
  void aBodyOverTheLimitIs413() {
    start(GatewaySettings.defaults().withMaxRequestBytes(1024), canary());
    byte[] big = new byte[2048];

    AggregatedHttpResponse declared = client(SessionProtocol.H1C)
        .execute(request(HOST, HttpMethod.POST, "/"), HttpData.wrap(big)).aggregate().join();
    HttpRequestWriter streamed = HttpRequest.streaming(request(HOST, HttpMethod.POST, "/"));
    CompletableFuture<AggregatedHttpResponse> chunked =
        client(SessionProtocol.H1C).execute(streamed).aggregate();
    for (int i = 0; i < 4; i++) {
      streamed.write(HttpData.wrap(new byte[512]));
    }
    streamed.close();

    assertThat(declared.status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    assertThat(declared.contentUtf8())
        .isEqualTo("{\"error\":\"the request body is larger than 1024 bytes\"}");
    assertThat(chunked.join().status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
  }

  @Test
  void bodiesStreamBothWaysOverHttp2AndHttp1() {
    start(GatewaySettings.defaults(), canary());
    for (SessionProtocol protocol : List.of(SessionProtocol.H1C, SessionProtocol.H2C)) {
      long start = System.nanoTime();
      SplitHttpResponse response =
          client(protocol).execute(request(HOST, "/stream", "knative-serving-tag", "prev")).split();
      CompletableFuture<String> first = new CompletableFuture<>();
      List<String> chunks = new ArrayList<>();
      response.body().subscribe(new FirstChunk(first, chunks));
      assertThat(first.join()).isEqualTo("one");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(450));
      assertThat(response.headers().join().get(Gateway.REVISION_HEADER)).isEqualTo(R1);
      await().atMost(Duration.ofSeconds(5)).until(() -> String.join("", chunks).equals("onetwo"));

      // The second request chunk is sent only once the first came back through the gateway:
      // this completes only if the request streams while the response streams.
      HttpRequestWriter upload =
          HttpRequest.streaming(request(HOST, HttpMethod.POST, "/echo-stream"));
      CompletableFuture<String> echoed = new CompletableFuture<>();
      List<String> echoes = new ArrayList<>();
      client(protocol).execute(upload).split().body().subscribe(new FirstChunk(echoed, echoes));
      upload.write(HttpData.ofUtf8("ping"));
      assertThat(echoed.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo("ping");
      upload.write(HttpData.ofUtf8("pong"));
      upload.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> String.join("", echoes).equals("pingpong"));
    }
  }

  /** Bodies larger than HTTP/2's flow-control windows pass whole, over either upstream protocol. */
  @Test
  void largeBodiesPassBothProtocols() {
    start(GatewaySettings.defaults(), canary());
    byte[] body = new byte[3 << 20];

    for (SessionProtocol protocol : List.of(SessionProtocol.H2C, SessionProtocol.H1C)) {
      AggregatedHttpResponse response = client(protocol)
          .execute(request(HOST, HttpMethod.POST, "/", "knative-serving-tag", "prev"),
              HttpData.wrap(body))
          .aggregate().join();
      assertThat(response).satisfies(answeredBy(R1, "one"));
      assertThat(response.headers().get("x-body-length")).isEqualTo(Integer.toString(body.length));
    }
  }

  /** A replica may answer before it read the body; the client gets the answer all the same. */
  @Test
  void anAnswerBeforeTheBodyWasReadReachesTheClient() {
    start(GatewaySettings.defaults(), canary());
    byte[] body = new byte[1 << 20];

    for (SessionProtocol protocol : List.of(SessionProtocol.H2C, SessionProtocol.H1C)) {
      AggregatedHttpResponse response = client(protocol)
          .execute(request(HOST, HttpMethod.POST, "/early", "knative-serving-tag", "prev"),
              HttpData.wrap(body))
          .aggregate().orTimeout(5, TimeUnit.SECONDS).join();
      assertThat(response).as(protocol.uriText()).satisfies(answeredBy(R1, "one"));
    }
  }

  /** gRPC needs HTTP/2 on both sides and its trailers relayed; HTTP/1.1 clients keep HTTP/1.1. */
  @Test
  void http2ClientsGetHttp2UpstreamWithTrailers() {
    start(GatewaySettings.defaults(), canary());

    for (int i = 0; i < 3; i++) {
      AggregatedHttpResponse h2 = client(SessionProtocol.H2C)
          .execute(request(HOST, HttpMethod.POST, "/trailers", "knative-serving-tag", "prev"),
              HttpData.ofUtf8("request"))
          .aggregate().join();
      assertThat(h2).satisfies(answeredBy(R1, "one"));
      assertThat(h2.headers().get("x-protocol")).isEqualTo("h2c");
      assertThat(h2.headers().get("x-body-length")).isEqualTo("7");
      assertThat(h2.contentUtf8()).isEqualTo("one");
      assertThat(h2.trailers().get("grpc-status")).isEqualTo("0");
    }
    AggregatedHttpResponse h1 = get(HOST, "/", "knative-serving-tag", "prev");
    assertThat(h1.headers().get("x-protocol")).isEqualTo("h1c");
  }

  /**
   * A replica that reads nothing holds the client back: the gateway reads a body only as fast as
   * the replica takes it, so it never holds a whole one. Without that, it would take all 64 MiB.
   */
  @Test
  void aBodyIsReadOnlyAsFastAsTheReplicaTakesIt() throws Exception {
    long size = 64L << 20;
    try (ServerSocket deaf = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread acceptor = Thread.ofVirtual().start(() -> {
        while (!deaf.isClosed()) {
          try {
            accepted.add(deaf.accept());
          } catch (IOException e) {
            return;
          }
        }
      });
      inputs.isvcs.add(isvc("sklearn-iris"));
      inputs.services.add(predictor("sklearn-iris", target(PREDICTOR, R1, 100, null)));
      inputs.replicas.add(replica("r1-a", R1, deaf.getLocalPort()));
      start(GatewaySettings.defaults().withMaxRequestBytes(size), inputs);

      AtomicInteger sentMiB = new AtomicInteger();
      try (Socket client = new Socket("127.0.0.1", gateway.port())) {
        Thread.ofVirtual().start(() -> {
          try {
            var out = client.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: " + size
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] mebibyte = new byte[1 << 20];
            for (long sent = 0; sent < size; sent += mebibyte.length) {
              out.write(mebibyte);
              sentMiB.incrementAndGet();
            }
          } catch (IOException e) {
            // Closed when the test ends.
          }
        });
        sleep(1500);

        assertThat(sentMiB.get()).as("MiB the client could send").isLessThan(48);
      }
      deaf.close();
      acceptor.join();
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void http1ClientsCanUpgradeToH2c() {
    start(GatewaySettings.defaults(), canary());
    try (ClientFactory upgrading = ClientFactory.builder().useHttp2Preface(false).build()) {
      AggregatedHttpResponse response =
          WebClient.builder(SessionProtocol.H2C, Endpoint.of("127.0.0.1", gateway.port()))
              .factory(upgrading)
              .build()
              .execute(request(HOST, "/trailers", "knative-serving-tag", "prev"))
              .aggregate().join();

      assertThat(response).satisfies(answeredBy(R1, "one"));
      assertThat(response.headers().get("x-protocol")).isEqualTo("h2c");
      assertThat(response.trailers().get("grpc-status")).isEqualTo("0");
    }
  }

  @Test
  void http2ClientsReachHttp1OnlyReplicas() throws IOException {
    HttpServer http1 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http1.createContext("/", exchange -> {
      byte[] body = ("http/1.1 " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    http1.start();
    try {
      inputs.isvcs.add(isvc("sklearn-iris"));
      inputs.services.add(predictor("sklearn-iris", target(PREDICTOR, R1, 100, null)));
      inputs.replicas.add(replica("r1-a", R1, http1.getAddress().getPort()));
      start(GatewaySettings.defaults(), inputs);

      for (SessionProtocol protocol : List.of(SessionProtocol.H2C, SessionProtocol.H1C)) {
        AggregatedHttpResponse response = client(protocol)
            .execute(request(HOST, "/v2/health/ready")).aggregate().join();
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        assertThat(response.contentUtf8()).isEqualTo("http/1.1 /v2/health/ready");
        assertThat(response.headers().get(Gateway.REVISION_HEADER)).isEqualTo(R1);
      }
    } finally {
      http1.stop(0);
    }
  }

  @Test
  void aDrainedReplicaGetsNoNewRequestAndIsDoneWhenItsRequestsAre() {
    inputs.isvcs.add(isvc("sklearn-iris"));
    inputs.services.add(predictor("sklearn-iris", target(PREDICTOR, R1, 100, null)));
    inputs.replicas.addAll(List.of(replica("r1-a", R1, one.port()),
        replica("r1-b", R1, two.port())));
    start(GatewaySettings.defaults(), inputs);
    List<CompletableFuture<AggregatedHttpResponse>> slow = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      slow.add(client(SessionProtocol.H1C).execute(request(HOST, "/slow/1000")).aggregate());
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> one.inFlight.get() > 0);

    CompletableFuture<Void> drained = gateway.drain(replica("r1-a", R1, one.port()));

    assertThat(drained).isNotDone();
    int hitsBefore = one.hits.get();
    for (int i = 0; i < 20; i++) {
      assertThat(get(HOST, "/")).satisfies(answeredBy(R1, "two"));
    }
    assertThat(one.hits.get()).isEqualTo(hitsBefore);
    assertThat(gateway.table().backend(new RevisionId(Fixtures.NS, R1)).orElseThrow().ready())
        .extracting(Backend.Endpoint::replica).containsExactly("r1-b");
    drained.orTimeout(5, TimeUnit.SECONDS).join();
    assertThat(slow).allSatisfy(r -> assertThat(r.join().status()).isEqualTo(HttpStatus.OK));
    // The fake replica counts a request done just after it wrote the answer the gateway relayed.
    await().atMost(Duration.ofSeconds(1)).until(() -> one.inFlight.get() == 0);
  }

  @Test
  void aDrainEndsAtTheRevisionTimeoutEvenIfARequestHangs() {
    canary();
    inputs.revisions.add(revision(R1, 1L));
    start(GatewaySettings.defaults(), inputs);
    client(SessionProtocol.H1C).execute(request(HOST, "/slow/3000", "knative-serving-tag", "prev"))
        .aggregate();
    await().atMost(Duration.ofSeconds(5)).until(() -> one.inFlight.get() > 0);

    long start = System.nanoTime();
    gateway.drain(replica("r1-a", R1, one.port())).orTimeout(5, TimeUnit.SECONDS).join();

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(500), Duration.ofMillis(2500));
  }

  /**
   * While the table flips between two routes, each moving the split and the tag together, every
   * request is answered, by a revision of one table or the other, and by that revision's replica.
   */
  @Test
  void routeChangesAreAllOrNothingAndLoseNoRequest() throws Exception {
    List<dev.kanary.core.knative.Service> blue = List.of(predictor("sklearn-iris",
        target(PREDICTOR, R1, 100, "current")));
    List<dev.kanary.core.knative.Service> green = List.of(predictor("sklearn-iris",
        target(PREDICTOR, R2, 100, "current")));
    inputs.isvcs.add(isvc("sklearn-iris"));
    inputs.set(blue, List.of(replica("r1-a", R1, one.port()), replica("r2-a", R2, two.port())));
    start(GatewaySettings.defaults(), inputs);

    AtomicBoolean flipping = new AtomicBoolean(true);
    Map<String, String> backendOf = Map.of(R1, "one", R2, "two");
    ConcurrentHashMap<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String host = t % 2 == 0 ? HOST : "current-sklearn-iris-predictor.kserve-test.example.com";
      senders.add(Thread.ofPlatform().start(() -> {
        while (flipping.get()) {
          AggregatedHttpResponse response = get(host, "/");
          String revision = response.headers().get(Gateway.REVISION_HEADER);
          if (response.status() != HttpStatus.OK
              || !backendOf.get(revision).equals(response.headers().get("x-backend"))) {
            wrong.add(response.status() + " " + revision + " " + response.contentUtf8());
          }
          seen.computeIfAbsent(revision, r -> new AtomicInteger()).incrementAndGet();
        }
      }));
    }
    for (int flip = 0; flip < 40; flip++) {
      inputs.set(flip % 2 == 0 ? green : blue,
          List.of(replica("r1-a", R1, one.port()), replica("r2-a", R2, two.port())));
      gateway.rebuild();
      sleep(10);
    }
    flipping.set(false);
    for (Thread sender : senders) {
      sender.join();
    }

    assertThat(wrong).isEmpty();
    assertThat(seen).containsOnlyKeys(R1, R2);
  }

  @Test
  void metricsCountRequestsByRevisionTagAndCode() {
    start(GatewaySettings.defaults(), canary());
    for (int i = 0; i < 10; i++) {
      get(HOST, "/");
    }
    get(HOST, "/", "knative-serving-tag", "prev");
    get("nothing.example.com", "/");

    String iris = "isvc=\"sklearn-iris\",namespace=\"kserve-test\",revision=\"";
    String predictor = "\",service=\"" + PREDICTOR + "\",";
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      String scrape = registry.scrape();
      assertThat(scrape).contains("kanary_gateway_requests_total{code=\"200\"," + iris + R1
          + predictor + "tag=\"kn:default\"} 9.0");
      assertThat(scrape).contains("kanary_gateway_requests_total{code=\"200\"," + iris + R2
          + predictor + "tag=\"kn:default\"} 1.0");
      assertThat(scrape).contains("kanary_gateway_requests_total{code=\"200\"," + iris + R1
          + predictor + "tag=\"prev\"} 1.0");
      assertThat(scrape).contains("kanary_gateway_requests_total{code=\"404\",isvc=\"\","
          + "namespace=\"\",revision=\"\",service=\"\",tag=\"\"} 1.0");
      assertThat(scrape).contains("kanary_gateway_request_duration_seconds_count{" + iris + R1
          + predictor + "tag=\"kn:default\"} 9");
      assertThat(scrape).contains("kanary_gateway_replicas_ready{namespace=\"kserve-test\","
          + "revision=\"" + R2 + "\"} 1.0");
      assertThat(scrape).contains("kanary_gateway_requests_in_flight{namespace=\"kserve-test\","
          + "revision=\"" + R1 + "\"} 0.0");
    });

    inputs.replicas.removeIf(replica -> replica.name().equals("r2-a"));
    gateway.rebuild();
    assertThat(registry.scrape()).contains("kanary_gateway_replicas_ready{namespace=\"kserve-test\","
        + "revision=\"" + R2 + "\"} 0.0");
  }

  @Test
  void closingStopsListeningAndLetsRequestsInFlightFinish() {
    start(GatewaySettings.defaults(), canary());
    CompletableFuture<AggregatedHttpResponse> slow = client(SessionProtocol.H1C)
        .execute(request(HOST, "/slow/700", "knative-serving-tag", "prev")).aggregate();
    await().atMost(Duration.ofSeconds(5)).until(() -> one.inFlight.get() > 0);

    CompletableFuture<Void> closed = gateway.closeAsync();

    assertThat(closed).isNotDone();
    assertThat(slow.join()).satisfies(answeredBy(R1, "one"));
    closed.orTimeout(5, TimeUnit.SECONDS).join();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new Socket("127.0.0.1", gateway.port()).close()).isInstanceOf(IOException.class);
  }

  @Test
  void aPortInUseIsAClearError() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Gateway second = new Gateway("127.0.0.1", taken.getLocalPort(), GatewaySettings.defaults(),
          inputs::get, registry);
      try {
        org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("the gateway cannot listen on 127.0.0.1:"
                + taken.getLocalPort() + " (--http-port): ")
            .hasMessageEndingWith("; pick another port, or stop what uses it");
      } finally {
        STOPPING.add(second.closeAsync());
      }
    }
  }

  private Fixtures.Inputs canary() {
    if (inputs.isvcs.isEmpty()) {
      inputs.isvcs.add(isvc("sklearn-iris"));
    }
    inputs.services.add(predictor("sklearn-iris", target(PREDICTOR, R2, 10, "latest"),
        target(PREDICTOR, R1, 90, "prev")));
    inputs.replicas.addAll(List.of(replica("r1-a", R1, one.port()),
        replica("r2-a", R2, two.port())));
    return inputs;
  }

  /** Revision R1 with two ready replicas: the failing one and backend "one". */
  private void startWithFailingReplica(FailingReplica failing, GatewaySettings settings) {
    inputs.isvcs.add(isvc("sklearn-iris"));
    inputs.services.add(predictor("sklearn-iris", target(PREDICTOR, R1, 100, null)));
    inputs.replicas.addAll(List.of(replica("r1-failing", R1, failing.port()),
        replica("r1-a", R1, one.port())));
    start(settings, inputs);
  }

  /** A request's outcome, and how many requests backend "one" took meanwhile. */
  private record Reached(CompletableFuture<AggregatedHttpResponse> response, int otherHits) {}

  /**
   * Sends requests one at a time until one reaches the failing replica: the least outstanding of
   * two idle replicas is either, at random. The ones before it are answered by the other.
   */
  private Reached firstToReach(
      FailingReplica failing, Supplier<CompletableFuture<AggregatedHttpResponse>> send) {
    for (int i = 0; i < 40; i++) {
      int reachedBefore = failing.bodies().size();
      int hitsBefore = one.hits.get();
      CompletableFuture<AggregatedHttpResponse> response = send.get();
      response.handle((ok, error) -> null).join();
      if (failing.bodies().size() > reachedBefore) {
        return new Reached(response, one.hits.get() - hitsBefore);
      }
      assertThat(response.join()).satisfies(answeredBy(R1, "one"));
    }
    throw new AssertionError("none of 40 requests reached the failing replica");
  }

  private double retries(String reason) {
    Counter counter = registry.find("kanary.gateway.retries")
        .tags("revision", R1, "reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  /** {@code length} bytes of text that differ from one position to the next. */
  private static String text(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + (i * 7 + i / 26) % 26));
    }
    return text.toString();
  }

  private void start(GatewaySettings settings, Fixtures.Inputs source) {
    gateway = new Gateway("127.0.0.1", 0, settings, source::get, registry);
    gateway.start();
  }

  private AggregatedHttpResponse get(String host, String path, String... headers) {
    return client(SessionProtocol.H1C).execute(request(host, path, headers)).aggregate().join();
  }

  private WebClient client(SessionProtocol protocol) {
    return WebClient.builder(protocol, Endpoint.of("127.0.0.1", gateway.port()))
        .factory(clients)
        .responseTimeout(Duration.ofSeconds(20))
        .build();
  }

  private static RequestHeaders request(String host, String path, String... headers) {
    return request(host, HttpMethod.GET, path, headers);
  }

  private static RequestHeaders request(
      String host, HttpMethod method, String path, String... headers) {
    var builder = RequestHeaders.builder(method, path).authority(host);
    for (int i = 0; i < headers.length; i += 2) {
      if (!headers[i + 1].isEmpty()) {
        builder.add(headers[i], headers[i + 1]);
      }
    }
    return builder.build();
  }

  private static java.util.function.Consumer<AggregatedHttpResponse> answeredBy(
      String revision, String backend) {
    return response -> {
      assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
      assertThat(response.headers().get(Gateway.REVISION_HEADER)).isEqualTo(revision);
      assertThat(response.headers().get("x-backend")).isEqualTo(backend);
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Collects a streamed body, completing {@code first} with its first chunk. */
  private record FirstChunk(CompletableFuture<String> first, List<String> chunks)
      implements org.reactivestreams.Subscriber<HttpData> {
    @Override
    public void onSubscribe(org.reactivestreams.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(HttpData data) {
      String chunk = data.toStringUtf8();
      chunks.add(chunk);
      first.complete(chunk);
    }

    @Override
    public void onError(Throwable error) {
      first.completeExceptionally(error);
    }

    @Override
    public void onComplete() {}
  }
}
