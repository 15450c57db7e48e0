package dev.kanary.server.gateway;

import com.linecorp.armeria.client.RequestOptions;
import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AsciiString;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The gateway's request path: resolve the request against one routing snapshot, pick the revision
 * (tag, sticky key or round-robin) and a ready replica (least outstanding of two), and stream the
 * request there and the response back.
 *
 * <ul>
 *   <li>A replica that refuses the connection (the request never reached it) is skipped for
 *       another ready replica of the same revision.
 *   <li>A request whose replica connection closed or reset before any response header came back
 *       is sent once more, to another ready replica of the same revision (waiting for one as
 *       below), when its whole body was kept ({@link GatewaySettings#retryOnReset()}). That is
 *       how a replica killed with requests in flight loses none: it answered none of them, and
 *       inference has no side effects, so sending them again is safe (Envoy's {@code retry_on:
 *       reset}). Never after a response started, never after a timeout, never twice.
 *   <li>A replica whose connection failed is avoided for a while ({@link #SUSPICION}), or until
 *       the supervisor reports on it: a killed replica's connection fails the requests already
 *       written to it, and no more.
 *   <li>While the revision has no ready replica (one restarting after a crash, a route not ready
 *       yet), the request waits for the table to change, up to {@link
 *       GatewaySettings#replicaWait()} and the revision's timeout, then gets 503.
 *   <li>The revision's {@code timeoutSeconds} bounds the whole exchange: 504 when no response
 *       started by then. Other upstream failures before the response started are 502.
 * </ul>
 *
 * <p>The request body streams upstream as it arrives, kept only up to {@link
 * GatewaySettings#replayBytes()} for a second attempt ({@link ReplayableBody}).
 */
final class ProxyService implements HttpService {
  private static final AsciiString TAG_HEADER = HttpHeaderNames.of(RouteTable.TAG_HEADER);

  /** How long a replica whose connection failed is avoided, unless the supervisor reports first. */
  static final Duration SUSPICION = Duration.ofSeconds(2);

  private final Supplier<RoutingSnapshot> routing;
  private final GatewaySettings settings;
  private final GatewayMetrics metrics;
  private final Consumer<Duration> refreshAfter;
  private final AsciiString revisionHeader = HttpHeaderNames.of(Gateway.REVISION_HEADER);

  /**
   * @param refreshAfter rebuilds the table after a delay: when a suspicion ends, requests waiting
   *     for a replica look again
   */
  ProxyService(Supplier<RoutingSnapshot> routing, GatewaySettings settings, GatewayMetrics metrics,
      Consumer<Duration> refreshAfter) {
    this.routing = routing;
    this.settings = settings;
    this.metrics = metrics;
    this.refreshAfter = refreshAfter;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    return new Exchange(ctx, req).start();
  }

  /** One request through the gateway, across its attempts. */
  private final class Exchange {
    private final ServiceRequestContext ctx;
    private final RequestHeaders headers;
    private final long start = System.nanoTime();
    private final Set<Backend.Endpoint> refused = ConcurrentHashMap.newKeySet();
    private volatile RequestLabels labels = RequestLabels.NONE;
    private volatile long deadline;
    private volatile boolean deadlineSet;
    private volatile boolean resent;
    private final ReplayableBody body;

    Exchange(ServiceRequestContext ctx, HttpRequest request) {
      this.ctx = ctx;
      this.headers = request.headers();
      this.body = request.isEmpty()
          ? null
          : new ReplayableBody(request, ctx.eventLoop(), settings.keptBodyBytes());
    }

    HttpResponse start() {
      ctx.log().whenComplete().thenAccept(log -> metrics.record(labels,
          log.responseHeaders().status().code(), System.nanoTime() - start));
      return route(routing.get()).mapHeaders(this::withRevision);
    }

    private ResponseHeaders withRevision(ResponseHeaders responseHeaders) {
      String revision = labels.revision();
      if (!settings.revisionHeader() || revision.isEmpty()) {
        return responseHeaders;
      }
      return responseHeaders.toBuilder().set(revisionHeader, revision).build();
    }

    private HttpResponse route(RoutingSnapshot snapshot) {
      Resolution resolution = snapshot.table().resolve(
          headers.authority(), headers.path(), headers.get(TAG_HEADER));
      if (!(resolution instanceof Resolution.Matched matched)) {
        return ErrorResponses.of(HttpStatus.NOT_FOUND, ((Resolution.Unknown) resolution).message());
      }
      Route route = matched.route();
      Optional<String> revision = matched.revision() != null
          ? Optional.of(matched.revision())
          : snapshot.pick(route, headers);
      labels = RequestLabels.of(route, revision.orElse(null), matched.tag());
      if (revision.isEmpty()) {
        return awaitChange(snapshot, owner(route) + " has no ready revision yet", this::route);
      }
      RevisionId id = route.revision(revision.get());
      if (!deadlineSet) {
        deadline = start + snapshot.table().backend(id).map(Backend::timeout)
            .orElse(Backend.DEFAULT_TIMEOUT).toNanos();
        deadlineSet = true;
      }
      return forward(snapshot, id, matched.path());
    }

    private HttpResponse forward(RoutingSnapshot snapshot, RevisionId revision, String path) {
      RoutingSnapshot.Lease lease = snapshot.acquire(revision, refused);
      if (lease == null) {
        // A request sent again stays with its revision; a first one is routed afresh.
        return awaitChange(snapshot, "revision " + revision.name() + " has no ready replica",
            resent ? now -> resume(now, revision, path) : this::route);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        lease.release();
        return timedOut(revision);
      }
      HttpRequest attempt = nextAttempt(path);
      AtomicInteger inFlight = metrics.inFlight(revision);
      inFlight.incrementAndGet();
      HttpResponse response = lease.client().execute(attempt,
          RequestOptions.builder().responseTimeout(Duration.ofNanos(remaining)).build());
      response.whenComplete().handle((ok, error) -> {
        lease.release();
        inFlight.decrementAndGet();
        return null;
      });
      return response.recover(cause -> failed(revision, path, lease, cause));
    }

    private HttpResponse failed(
        RevisionId revision, String path, RoutingSnapshot.Lease lease, Throwable cause) {
      Throwable root = Exceptions.peel(cause);
      boolean lost = UpstreamFailures.connectionLost(root);
      if (lost || causedBy(root, ConnectException.class)) {
        // Requests already written to the same connection fail too; later ones need not.
        if (lease.upstream().suspect(SUSPICION.toNanos())) {
          refreshAfter.accept(SUSPICION);
        }
      }
      if (root instanceof UnprocessedRequestException && (body == null || !body.taken())) {
        refused.add(lease.endpoint());
        metrics.retried(revision, GatewayMetrics.REFUSED);
        return resume(routing.get(), revision, path);
      }
      if (causedBy(root, ContentTooLargeException.class)) {
        return ErrorResponses.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
            "the request body is larger than " + settings.maxRequestBytes() + " bytes");
      }
      if (root instanceof ResponseTimeoutException) {
        return timedOut(revision);
      }
      if (lost && settings.retryOnReset() && !resent && (body == null || body.resendable())) {
        resent = true;
        refused.add(lease.endpoint());
        metrics.retried(revision, GatewayMetrics.RESET);
        return resume(routing.get(), revision, path);
      }
      return ErrorResponses.of(HttpStatus.BAD_GATEWAY, "revision " + revision.name()
          + " (replica " + lease.endpoint().replica() + ") failed: " + describe(root));
    }

    /** Another attempt at the revision, or the request routed afresh if the revision is gone. */
    private HttpResponse resume(RoutingSnapshot now, RevisionId revision, String path) {
      return now.table().backends().containsKey(revision)
          ? forward(now, revision, path)
          : route(now);
    }

    private HttpResponse timedOut(RevisionId revision) {
      long seconds = Math.round((deadline - start) / 1e9);
      return ErrorResponses.of(HttpStatus.GATEWAY_TIMEOUT, "revision " + revision.name()
          + " did not answer within its timeout of " + seconds + " s");
    }

    /**
     * Waits for the routing to change, then goes on with {@code then} against the newest table;
     * 503 with {@code reason} when nothing changed in time.
     */
    private HttpResponse awaitChange(RoutingSnapshot snapshot, String reason,
        Function<RoutingSnapshot, HttpResponse> then) {
      long until = start + settings.replicaWait().toNanos();
      if (deadlineSet) {
        until = Math.min(until, deadline);
      }
      long remaining = until - System.nanoTime();
      if (remaining <= 0) {
        return ErrorResponses.of(HttpStatus.SERVICE_UNAVAILABLE, reason);
      }
      CompletableFuture<HttpResponse> next = snapshot.successor().copy()
          .orTimeout(remaining, TimeUnit.NANOSECONDS)
          .handleAsync((changed, error) -> {
            if (error != null) {
              return ErrorResponses.of(HttpStatus.SERVICE_UNAVAILABLE, reason + " (waited "
                  + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms)");
            }
            refused.clear();
            return then.apply(routing.get());
          }, ctx.eventLoop());
      return HttpResponse.of(next);
    }

    private HttpRequest nextAttempt(String path) {
      RequestHeaders forwarded =
          path.equals(headers.path()) ? headers : headers.toBuilder().path(path).build();
      return body == null ? HttpRequest.of(forwarded) : HttpRequest.of(forwarded, body);
    }
  }

  private static String owner(Route route) {
    return route.inferenceService() != null
        ? "InferenceService " + route.namespace() + "/" + route.inferenceService()
        : "Service " + route.id();
  }

  private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank()
        ? error.getClass().getSimpleName()
        : error.getClass().getSimpleName() + ": " + message;
  }
}
