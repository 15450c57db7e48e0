package dev.kanary.server.gateway;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.Service;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.server.controller.Informer;
import dev.kanary.server.controller.Resources;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceStore;
import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.SqliteResourceStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (bench/gateway/run.sh): how long after a Service's status update a new split is in
 * effect. The gateway is wired to the SQLite store through informers as in the server; each round
 * writes the Service's status (100% to one revision, then to the other) and sends requests one
 * after the other until one is answered by the new revision. It also times when the new table was
 * swapped in, and a request's round trip when nothing changes, which bounds the first from below.
 *
 * <p>The request path is warmed first, as a gateway carrying traffic has it: without that, each
 * probe runs cold code and takes a few milliseconds, and that is most of what gets measured.
 *
 * <pre>SplitLatencyBench ROUNDS BACKEND_PORT_1,BACKEND_PORT_2 [WARM_UP_REQUESTS=5000]</pre>
 */
public final class SplitLatencyBench {
  private SplitLatencyBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    int[] ports = StaticRoutes.ints(args[1]);
    int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
    Path dir = Files.createTempDirectory("kanary-split-latency");
    try (ResourceStore store = SqliteResourceStore.open(dir, Clock.systemUTC());
        ClientFactory factory = ClientFactory.builder().build()) {
      Informer<Service> services = new Informer<>(store, ResourceType.SERVICE, Service.class);
      Informer<InferenceService> isvcs =
          new Informer<>(store, ResourceType.INFERENCE_SERVICE, InferenceService.class);
      Informer<Revision> revisions = new Informer<>(store, ResourceType.REVISION, Revision.class);
      Service first = StaticRoutes.service(new long[] {100, 0});
      store.create(ResourceType.SERVICE, Resources.toJson(first));
      write(store, first);
      Gateway gateway = new Gateway("127.0.0.1", 0, GatewaySettings.defaults(),
          () -> new RouteInputs("example.com", services.list(), isvcs.list(), revisions.list(),
              StaticRoutes.replicas(ports), Set.of()),
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      services.onChange(s -> gateway.refresh());
      services.start();
      isvcs.start();
      revisions.start();
      gateway.start();
      WebClient client = WebClient.builder(SessionProtocol.H1C,
          Endpoint.of("127.0.0.1", gateway.port())).factory(factory).build();
      RequestHeaders request =
          RequestHeaders.builder(HttpMethod.GET, "/").authority(StaticRoutes.HOST).build();
      for (int i = 0; i < warmUp; i++) {
        client.execute(request).aggregate().join();
      }

      List<Double> fromCall = new ArrayList<>();
      List<Double> fromCommit = new ArrayList<>();
      List<Double> swappedFromCommit = new ArrayList<>();
      List<Double> roundTrips = new ArrayList<>();
      List<Integer> stale = new ArrayList<>();
      for (int round = 0; round < rounds + 20; round++) {
        boolean toSecond = round % 2 == 0;
        String expected = StaticRoutes.revision(toSecond ? 1 : 0);
        Service next = StaticRoutes.service(toSecond ? new long[] {0, 100} : new long[] {100, 0});
        long probed = System.nanoTime();
        client.execute(request).aggregate().join();
        long roundTrip = System.nanoTime() - probed;
        CompletableFuture<Long> swapped = new CompletableFuture<>();
        whenRouted(gateway.snapshot(), expected, swapped);
        long called = System.nanoTime();
        write(store, next);
        long committed = System.nanoTime();
        int staleAnswers = 0;
        while (!expected.equals(client.execute(request).aggregate().join().headers()
            .get(Gateway.REVISION_HEADER))) {
          staleAnswers++;
        }
        long effective = System.nanoTime();
        long swappedAt = swapped.get(10, TimeUnit.SECONDS);
        if (round >= 20) {
          // The first rounds warm the rebuild path up and are not counted.
          fromCall.add((effective - called) / 1e6);
          fromCommit.add((effective - committed) / 1e6);
          swappedFromCommit.add((swappedAt - committed) / 1e6);
          roundTrips.add(roundTrip / 1e6);
          stale.add(staleAnswers);
        }
        Thread.sleep(20);
      }
      System.out.printf("%d status updates, after %d warm-up requests%n"
              + "  new table swapped in, after the status write returned: %s%n"
              + "  new split in effect (first answer from the new revision)%n"
              + "    after the status write returned: %s%n"
              + "    after the status write began: %s%n"
              + "  a request's round trip with no change: %s%n"
              + "  requests still answered by the old split: max %d%n",
          rounds, warmUp, summary(swappedFromCommit), summary(fromCommit), summary(fromCall),
          summary(roundTrips), Collections.max(stale));
      gateway.close();
      services.close();
      isvcs.close();
      revisions.close();
    } finally {
      try (var paths = Files.walk(dir)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  /**
   * Completes {@code at} with the time the first table that sends the bench host all to {@code
   * revision} replaced {@code snapshot} or one of its successors.
   */
  private static void whenRouted(
      RoutingSnapshot snapshot, String revision, CompletableFuture<Long> at) {
    snapshot.successor().thenAccept(next -> {
      long now = System.nanoTime();
      if (next.table().resolve(StaticRoutes.HOST, "/", null) instanceof Resolution.Matched m
          && m.route().split().equals(List.of(new WeightedRevision(revision, 100)))) {
        at.complete(now);
      } else {
        whenRouted(next, revision, at);
      }
    });
  }

  private static void write(ResourceStore store, Service service) {
    ObjectNode json = store.get(ObjectKey.of(ResourceType.SERVICE, StaticRoutes.NAMESPACE,
        "bench")).orElseThrow().json();
    json.set("status", Resources.toJson(service).get("status"));
    store.updateStatus(ResourceType.SERVICE, json);
  }

  private static String summary(List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return String.format("median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms",
        sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.9)),
        sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))),
        sorted.get(sorted.size() - 1));
  }
}
