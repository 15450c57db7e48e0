package dev.kanary.server.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's Prometheus metrics:
 * <ul>
 *   <li>{@code kanary_gateway_requests_total{namespace, isvc, service, revision, tag, code}};
 *   <li>{@code kanary_gateway_request_duration_seconds} histogram by namespace, isvc, service,
 *       revision and tag;
 *   <li>{@code kanary_gateway_requests_in_flight{namespace, revision}};
 *   <li>{@code kanary_gateway_replicas_ready{namespace, revision}} for every routed revision;
 *   <li>{@code kanary_gateway_retries_total{namespace, revision, reason}}: requests sent to another
 *       replica after an attempt failed, {@code reason} {@value #REFUSED} (the connection was
 *       refused, nothing was sent) or {@value #RESET} (the connection closed or reset before any
 *       response header; the request was sent again).
 * </ul>
 * The tag is the tag that chose the revision, {@code kn:default} for the split, and
 * {@code kn:undefined} when Knative-Serving-Tag named no tag, as Knative's queue-proxy labels them.
 */
final class GatewayMetrics {
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300)};

  static final String REFUSED = "refused";
  static final String RESET = "reset";

  private record RetryKey(RevisionId revision, String reason) {}

  private final MeterRegistry registry;
  private final ConcurrentHashMap<RequestLabels, Meters> meters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<RevisionId, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<RetryKey, Counter> retries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<RevisionId, AtomicInteger> ready = new ConcurrentHashMap<>();
  private final MultiGauge inFlightGauge;
  private final MultiGauge readyGauge;

  GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.inFlightGauge = MultiGauge.builder("kanary.gateway.requests.in.flight")
        .description("Requests the gateway is proxying, by revision")
        .register(registry);
    this.readyGauge = MultiGauge.builder("kanary.gateway.replicas.ready")
        .description("Ready replicas taking requests, by routed revision")
        .register(registry);
  }

  void record(RequestLabels labels, int code, long nanos) {
    Meters found = meters.get(labels);
    if (found == null) {
      found = meters.computeIfAbsent(labels, Meters::new);
    }
    found.requests(code).increment();
    found.duration.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * The meters of one set of labels, found with one lookup per request: the counter of each
   * status code is kept by code, so a request neither builds a key nor hashes one for it.
   */
  private final class Meters {
    private final RequestLabels labels;
    private final Timer duration;
    /**
     * By status class, then code within it, each class's array made when a code of it first
     * comes; a slot filled twice by a race holds the same registered counter.
     */
    private final Counter[][] requests = new Counter[6][];

    Meters(RequestLabels labels) {
      this.labels = labels;
      this.duration = Timer.builder("kanary.gateway.request.duration")
          .description("Time from a request's arrival to the end of its response")
          .tags(labels.tags())
          .serviceLevelObjectives(BUCKETS)
          .register(registry);
    }

    Counter requests(int code) {
      int kind = code / 100;
      if (code < 0 || kind >= requests.length) {
        return counter(code);
      }
      Counter[] codes = requests[kind];
      if (codes == null) {
        codes = new Counter[100];
        requests[kind] = codes;
      }
      Counter counter = codes[code % 100];
      if (counter == null) {
        counter = counter(code);
        codes[code % 100] = counter;
      }
      return counter;
    }

    private Counter counter(int code) {
      return Counter.builder("kanary.gateway.requests")
          .description("Requests through the gateway")
          .tags(labels.tags())
          .tag("code", Integer.toString(code))
          .register(registry);
    }
  }

  /** Counts a request sent to another replica of {@code revision} after a failed attempt. */
  void retried(RevisionId revision, String reason) {
    retries.computeIfAbsent(new RetryKey(revision, reason), key ->
        Counter.builder("kanary.gateway.retries")
            .description("Requests sent to another replica after an upstream attempt failed")
            .tags("namespace", revision.namespace(), "revision", revision.name(), "reason", reason)
            .register(registry))
        .increment();
  }

  /** The in-flight count of a revision, to increment and decrement around each exchange. */
  AtomicInteger inFlight(RevisionId revision) {
    return inFlight.computeIfAbsent(revision, id -> new AtomicInteger());
  }

  /**
   * Publishes the gauges of a new table's revisions. Each row reads a counter kept here, so a
   * rebuild only sets counts and registers the rows of new revisions (and drops those of gone
   * ones): re-registering every row at every rebuild cost the registry's work per revision.
   */
  void publish(RouteTable table) {
    inFlight.entrySet().removeIf(e -> !table.backends().containsKey(e.getKey())
        && e.getValue().get() == 0);
    ready.keySet().retainAll(table.backends().keySet());
    List<MultiGauge.Row<?>> readyRows = new ArrayList<>();
    List<MultiGauge.Row<?>> flyingRows = new ArrayList<>();
    table.backends().forEach((id, backend) -> {
      AtomicInteger readyCount = ready.computeIfAbsent(id, k -> new AtomicInteger());
      readyCount.set(backend.ready().size());
      Tags tags = Tags.of("namespace", id.namespace(), "revision", id.name());
      readyRows.add(MultiGauge.Row.of(tags, readyCount, AtomicInteger::get));
      flyingRows.add(MultiGauge.Row.of(tags, inFlight(id), AtomicInteger::get));
    });
    readyGauge.register(readyRows, false);
    inFlightGauge.register(flyingRows, false);
  }
}
