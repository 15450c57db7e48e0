package dev.kanary.server.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One request through the gateway, on its downstream channel's event loop from start to end:
 * resolve it against one routing snapshot, pick the revision (tag, sticky key or round-robin) and
 * a ready replica (least outstanding of two), and relay the request there and the response back,
 * both streamed: a side that cannot take more stops the other side's reading.
 *
 * <ul>
 *   <li>A replica that refuses the connection (nothing was sent) is skipped for another ready
 *       replica of the same revision.
 *   <li>A request whose replica connection closed or reset before any response header came back
 *       is sent once more, to another ready replica of the same revision (waiting for one as
 *       below), when every body part sent so far was kept ({@link
 *       GatewaySettings#retryOnReset()}, up to {@link GatewaySettings#replayBytes()}). That is
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
 *       started by then, the response cut when it had. Other upstream failures before the
 *       response started are 502; a request body over the limit is 413.
 * </ul>
 *
 * <p>The request body is held only until an attempt's connection is up: the downstream channel
 * stops reading when a part of it arrives before, so what is held is at most what one read
 * decoded. Past that, an attempt keeps what it sent only for a second attempt, and only up to
 * {@link GatewaySettings#replayBytes()}.
 */
final class Exchange implements UpstreamConnection.Listener {
  /** How long a replica whose connection failed is avoided, unless the supervisor reports first. */
  static final Duration SUSPICION = Duration.ofSeconds(2);

  private static final AsciiString REVISION_HEADER = AsciiString.cached(Gateway.REVISION_HEADER);

  /** The status counted for a request whose client left before any response. */
  static final int CLIENT_GONE = 499;

  private final ProxyContext proxy;
  private final Channel downstream;
  private final HttpRequest request;
  /** As the client sent it: an attempt rewrites the request's own (the path form's prefix). */
  private final String uri;
  private final boolean http1;
  private final Runnable onEnd;
  private final long start = System.nanoTime();
  private final ArrayDeque<HttpContent> unsent = new ArrayDeque<>(2);
  /** Replicas this request must not go to again; allocated by the first failure only. */
  private Set<Backend.Endpoint> refused = Set.of();
  private RequestLabels labels = RequestLabels.NONE;
  private RevisionId revision;
  private long deadline;
  private boolean deadlineSet;
  private long requestBytes;
  private boolean requestEnded;
  private Attempt attempt;
  private Object waiting;
  private final DeadlineTimer timer;
  private final Runnable onTimeout = this::onTimeout;
  private boolean timerArmed;
  private boolean interim;
  /**
   * The response head, not written until the upstream read is complete or a body part comes: a
   * body read whole with it goes in the same message, one pass down the pipeline.
   */
  private HttpResponse heldHead;
  private boolean resent;
  /** Within a downstream read: what goes upstream is flushed once the read is complete. */
  private boolean inRead = true;
  private int status;
  private boolean ended;
  /** The client connection closes once this response was written (HTTP/1.1 only). */
  private boolean closeAfter;

  /**
   * @param downstream an HTTP/1.1 connection or an HTTP/2 stream, speaking Netty's HTTP objects
   * @param timer the downstream channel's, for this exchange's deadline
   * @param onEnd told once the response ended, on the loop
   */
  Exchange(ProxyContext proxy, Channel downstream, DeadlineTimer timer, HttpRequest request,
      boolean http1, Runnable onEnd) {
    this.proxy = proxy;
    this.downstream = downstream;
    this.timer = timer;
    this.request = request;
    this.uri = request.uri();
    this.http1 = http1;
    this.onEnd = onEnd;
    this.closeAfter = http1 && !HttpUtil.isKeepAlive(request);
  }

  void start() {
    proxy.exchanges().begin();
    if (HttpUtil.getContentLength(request, -1L) > proxy.settings().maxRequestBytes()) {
      tooLarge();
      return;
    }
    route(proxy.routing().get());
  }

  /** Whether the client connection closes after this exchange's response. */
  boolean closesConnection() {
    return closeAfter;
  }

  /** Whether the response ended (or the client left); the request body may still be arriving. */
  boolean ended() {
    return ended;
  }

  /** A part of the request body, read (or replayed) now; the exchange owns it. */
  void onRequestContent(HttpContent content) {
    inRead = true;
    boolean last = content instanceof LastHttpContent;
    if (last) {
      requestEnded = true;
    }
    if (ended) {
      content.release();
      return;
    }
    requestBytes += content.content().readableBytes();
    if (requestBytes > proxy.settings().maxRequestBytes()) {
      content.release();
      tooLarge();
      return;
    }
    Attempt current = attempt;
    if (current != null && current.connection != null) {
      current.send(content);
    } else {
      unsent.add(content);
      downstream.config().setAutoRead(false);
    }
  }

  /** The downstream channel read all it had for now. */
  void onRequestReadComplete() {
    inRead = false;
    Attempt current = attempt;
    if (current != null && current.connection != null) {
      current.writeHeldHead();
      current.connection.channel().flush();
    }
  }

  void onDownstreamWritabilityChanged() {
    Attempt current = attempt;
    if (current != null && current.connection != null) {
      current.connection.channel().config().setAutoRead(downstream.isWritable());
    }
  }

  void onDownstreamClosed() {
    if (!ended) {
      if (status == 0) {
        status = CLIENT_GONE;
      }
      end(false);
    }
  }

  private void route(RoutingSnapshot snapshot) {
    Resolution resolution = snapshot.table().resolve(request.headers().get(HttpHeaderNames.HOST),
        uri, request.headers().get(RouteTable.TAG_HEADER));
    if (!(resolution instanceof Resolution.Matched matched)) {
      respond(HttpResponseStatus.NOT_FOUND, ((Resolution.Unknown) resolution).message());
      return;
    }
    Route route = matched.route();
    Optional<String> picked = matched.revision() != null
        ? Optional.of(matched.revision())
        : snapshot.pick(route, request.headers()::getAll);
    labels = RequestLabels.of(route, picked.orElse(null), matched.tag());
    if (picked.isEmpty()) {
      awaitChange(snapshot, owner(route) + " has no ready revision yet", this::route);
      return;
    }
    revision = route.revision(picked.get());
    if (!deadlineSet) {
      deadline = start + snapshot.table().backend(revision).map(Backend::timeout)
          .orElse(Backend.DEFAULT_TIMEOUT).toNanos();
      deadlineSet = true;
    }
    forward(snapshot, matched.path());
  }

  private void forward(RoutingSnapshot snapshot, String path) {
    RoutingSnapshot.Lease lease = snapshot.acquire(revision, refused);
    if (lease == null) {
      // A request sent again stays with its revision; a first one is routed afresh.
      awaitChange(snapshot, "revision " + revision.name() + " has no ready replica",
          resent ? now -> resume(now, path) : this::route);
      return;
    }
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      lease.release();
      timedOut();
      return;
    }
    EventLoop loop = downstream.eventLoop();
    if (!timerArmed) {
      timer.arm(deadline, onTimeout);
      timerArmed = true;
    }
    // Only a first attempt keeps what it sends: there is no third.
    long keep = proxy.settings().retryOnReset() && !resent ? proxy.settings().replayBytes() : -1;
    Attempt next = new Attempt(lease, path, proxy.metrics().inFlight(revision), keep);
    attempt = next;
    // HTTP/2 clients (gRPC among them) get HTTP/2 upstream: trailers and all pass end to end.
    proxy.pools().acquire(loop, lease.endpoint().port(), !http1, next);
  }

  private void connected(Attempt next, UpstreamConnection connection, Throwable error) {
    if (next.over) {
      if (connection != null) {
        connection.release(true);
      }
      return;
    }
    if (error != null) {
      refusedBy(next, error);
      return;
    }
    next.start(connection);
    if (!requestEnded) {
      downstream.config().setAutoRead(connection.channel().isWritable());
    }
  }

  /** The replica refused the connection: nothing was sent, another ready replica may take it. */
  private void refusedBy(Attempt failed, Throwable error) {
    failed.finish(false);
    attempt = null;
    if (causedBy(error, ConnectException.class)
        && failed.lease.upstream().suspect(SUSPICION.toNanos())) {
      proxy.refreshAfter().accept(SUSPICION);
    }
    avoid(failed.lease.endpoint());
    proxy.metrics().retried(revision, GatewayMetrics.REFUSED);
    resume(proxy.routing().get(), failed.path);
  }

  /**
   * The replica's connection was lost before any response header: the request goes once more,
   * its kept body parts first, then those that arrive from now on.
   */
  private void resendAfter(Attempt failed) {
    resent = true;
    List<HttpContent> replay = failed.takeKept();
    failed.finish(false);
    attempt = null;
    for (int i = replay.size() - 1; i >= 0; i--) {
      unsent.addFirst(replay.get(i));
    }
    interim = false;
    avoid(failed.lease.endpoint());
    proxy.metrics().retried(revision, GatewayMetrics.RESET);
    resume(proxy.routing().get(), failed.path);
  }

  /** Another attempt at the revision, or the request routed afresh if the revision is gone. */
  private void resume(RoutingSnapshot now, String path) {
    if (now.table().backends().containsKey(revision)) {
      forward(now, path);
    } else {
      route(now);
    }
  }

  @Override
  public void onUpstreamRead(Object message) {
    if (ended) {
      ReferenceCountUtil.release(message);
      return;
    }
    if (message instanceof FullHttpResponse full) {
      responseHead(new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers()));
      responseContent(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
    } else if (message instanceof HttpResponse head) {
      responseHead(head);
    } else if (message instanceof HttpContent content) {
      responseContent(content);
    } else {
      ReferenceCountUtil.release(message);
    }
  }

  private void responseHead(HttpResponse head) {
    boolean keepAlive = HttpUtil.isKeepAlive(head);
    Headers.stripHopByHop(head.headers(), !http1);
    if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
      // An interim answer (100 Continue): relayed; the empty body the decoder ends it with is not
      // the response's.
      interim = true;
      downstream.write(head);
      return;
    }
    attempt.keepAlive = keepAlive;
    if (mayHaveBody(head) && !HttpUtil.isContentLengthSet(head)
        && !HttpUtil.isTransferEncodingChunked(head)) {
      HttpUtil.setTransferEncodingChunked(head, true);
    }
    if (proxy.settings().revisionHeader()) {
      head.headers().set(REVISION_HEADER, labels.revision());
    }
    // Every response is delimited by now (chunked when the replica gave no length), so only the
    // client's wish, a replica speaking HTTP/1.0 or a stopping gateway closes the connection.
    if (http1 && (closeAfter || proxy.exchanges().closing() || !HttpUtil.isKeepAlive(head))) {
      closeAfter = true;
      HttpUtil.setKeepAlive(head, false);
    }
    status = head.status().code();
    heldHead = head;
  }

  private void responseContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (interim) {
      interim = !last;
      content.release();
      return;
    }
    HttpResponse head = heldHead;
    heldHead = null;
    if (!last) {
      if (head != null) {
        downstream.write(head, downstream.voidPromise());
      }
      downstream.write(content, downstream.voidPromise());
      return;
    }
    attempt.responseEnded = true;
    Object message = head == null ? content
        : new DefaultFullHttpResponse(head.protocolVersion(), head.status(), content.content(),
            head.headers(), ((LastHttpContent) content).trailingHeaders());
    if (closeAfter) {
      downstream.writeAndFlush(message).addListener(ChannelFutureListener.CLOSE);
    } else {
      downstream.writeAndFlush(message, downstream.voidPromise());
    }
    end(true);
  }

  @Override
  public void onUpstreamReadComplete() {
    HttpResponse head = heldHead;
    if (head != null) {
      heldHead = null;
      downstream.write(head, downstream.voidPromise());
    }
    downstream.flush();
  }

  @Override
  public void onUpstreamWritabilityChanged() {
    Attempt current = attempt;
    if (!requestEnded && current != null && current.connection != null) {
      downstream.config().setAutoRead(current.connection.channel().isWritable());
    }
  }

  @Override
  public void onUpstreamFailed(Throwable cause) {
    Attempt failed = attempt;
    if (ended || failed == null) {
      return;
    }
    failed.connection = null;
    if (failed.lease.upstream().suspect(SUSPICION.toNanos())) {
      proxy.refreshAfter().accept(SUSPICION);
    }
    if (status == 0 && !resent && failed.replayable() && proxy.settings().retryOnReset()
        && UpstreamFailures.connectionLost(cause)) {
      resendAfter(failed);
    } else if (status == 0) {
      respond(HttpResponseStatus.BAD_GATEWAY, "revision " + revision.name() + " (replica "
          + failed.lease.endpoint().replica() + ") failed: " + describe(cause));
    } else {
      cut();
    }
  }

  private void onTimeout() {
    if (ended || attempt == null) {
      return;
    }
    if (status == 0) {
      timedOut();
    } else {
      cut();
    }
  }

  private void timedOut() {
    long seconds = Math.round((deadline - start) / 1e9);
    respond(HttpResponseStatus.GATEWAY_TIMEOUT, "revision " + revision.name()
        + " did not answer within its timeout of " + seconds + " s");
  }

  /** The body went over the limit: the attempt is abandoned and the downstream side closed. */
  private void tooLarge() {
    if (status == 0) {
      respond(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          ErrorResponses.tooLarge(proxy.settings().maxRequestBytes()), true);
    } else {
      cut();
    }
  }

  /**
   * Waits for the routing to change, then goes on with {@code then} against the newest table;
   * 503 with {@code reason} when nothing changed in time.
   */
  private void awaitChange(RoutingSnapshot snapshot, String reason,
      Consumer<RoutingSnapshot> then) {
    long until = start + proxy.settings().replicaWait().toNanos();
    if (deadlineSet) {
      until = Math.min(until, deadline);
    }
    long remaining = until - System.nanoTime();
    if (remaining <= 0) {
      respond(HttpResponseStatus.SERVICE_UNAVAILABLE, reason);
      return;
    }
    Object wait = new Object();
    waiting = wait;
    EventLoop loop = downstream.eventLoop();
    ScheduledFuture<?> giveUp = loop.schedule(() -> {
      if (waiting == wait && !ended) {
        waiting = null;
        respond(HttpResponseStatus.SERVICE_UNAVAILABLE, reason + " (waited "
            + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms)");
      }
    }, remaining, TimeUnit.NANOSECONDS);
    snapshot.successor().thenRun(() -> loop.execute(() -> {
      if (waiting == wait && !ended) {
        waiting = null;
        giveUp.cancel(false);
        refused = Set.of();
        then.accept(proxy.routing().get());
      }
    }));
  }

  private void respond(HttpResponseStatus error, String message) {
    respond(error, message, false);
  }

  /** The gateway's own answer, when no response started; the exchange ends with it. */
  private void respond(HttpResponseStatus error, String message, boolean close) {
    FullHttpResponse response = ErrorResponses.of(error, message);
    if (proxy.settings().revisionHeader() && !labels.revision().isEmpty()) {
      response.headers().set(REVISION_HEADER, labels.revision());
    }
    if (http1 && (close || closeAfter || proxy.exchanges().closing())) {
      closeAfter = true;
      HttpUtil.setKeepAlive(response, false);
    }
    status = error.code();
    ChannelFuture written = downstream.writeAndFlush(response);
    if (closeAfter) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
    end(false);
  }

  /** A response that started cannot end well: the client sees it cut. */
  private void cut() {
    downstream.close();
    end(false);
  }

  /**
   * @param clean the response ended as the replica sent it: the connection may serve again when
   *     the request was all sent too
   */
  private void end(boolean clean) {
    if (ended) {
      return;
    }
    ended = true;
    waiting = null;
    timer.disarm(onTimeout);
    Attempt current = attempt;
    attempt = null;
    if (current != null) {
      current.finish(clean);
    }
    for (HttpContent content; (content = unsent.poll()) != null; ) {
      content.release();
    }
    proxy.metrics().record(labels, status, System.nanoTime() - start);
    proxy.exchanges().end();
    onEnd.run();
  }

  private boolean mayHaveBody(HttpResponse head) {
    int code = head.status().code();
    return !request.method().equals(HttpMethod.HEAD) && code != 204 && code != 304;
  }

  /**
   * One try at one replica: its lease (counted in its replica's and revision's in-flight
   * requests) and, once connected, its connection. It keeps a retained duplicate of each body
   * part it sends, while they add up to no more than its limit, so that another attempt can send
   * them again; past the limit it keeps none.
   */
  private final class Attempt implements BiConsumer<UpstreamConnection, Throwable> {
    final RoutingSnapshot.Lease lease;
    final String path;
    final AtomicInteger inFlight;
    /** The most body bytes kept; negative when none are (no other attempt will follow). */
    private final long keepLimit;
    private final List<HttpContent> kept = new ArrayList<>(2);
    private long keptBytes;
    private boolean replayable;
    UpstreamConnection connection;
    /**
     * The request head is not written until the downstream read is complete or a body part
     * comes: a body read whole with it goes in the same message, one pass down the pipeline.
     */
    private boolean headHeld;
    boolean requestSent;
    boolean responseEnded;
    boolean keepAlive;
    boolean over;

    Attempt(RoutingSnapshot.Lease lease, String path, AtomicInteger inFlight, long keepLimit) {
      this.lease = lease;
      this.path = path;
      this.inFlight = inFlight;
      this.keepLimit = keepLimit;
      this.replayable = keepLimit >= 0;
      inFlight.incrementAndGet();
    }

    /** Its connection is up, or could not be had; on the loop. */
    @Override
    public void accept(UpstreamConnection connection, Throwable error) {
      connected(this, connection, error);
    }

    /** Whether every body part it sent was kept. */
    boolean replayable() {
      return replayable;
    }

    /** The kept body parts, in order; the caller owns them now. */
    List<HttpContent> takeKept() {
      List<HttpContent> taken = List.copyOf(kept);
      kept.clear();
      return taken;
    }

    /** Sends the request head and the body read so far; the rest follows as it arrives. */
    void start(UpstreamConnection connected) {
      connection = connected;
      connected.bind(Exchange.this);
      request.setUri(path);
      request.setProtocolVersion(HttpVersion.HTTP_1_1);
      Headers.stripHopByHop(request.headers(), !http1);
      headHeld = true;
      for (HttpContent content; (content = unsent.poll()) != null; ) {
        send(content);
      }
      if (!inRead) {
        writeHeldHead();
        connected.channel().flush();
      }
    }

    void send(HttpContent content) {
      boolean last = content instanceof LastHttpContent;
      if (last) {
        requestSent = true;
      }
      if (replayable) {
        keep(content);
      }
      Channel channel = connection.channel();
      if (headHeld) {
        headHeld = false;
        if (last) {
          channel.write(new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
              request.uri(), content.content(), request.headers(),
              ((LastHttpContent) content).trailingHeaders()));
          return;
        }
        channel.write(request);
      }
      channel.write(content);
    }

    /** Writes the request head if no body part took it along yet; before every flush. */
    void writeHeldHead() {
      if (headHeld) {
        headHeld = false;
        connection.channel().write(request);
      }
    }

    private void keep(HttpContent content) {
      keptBytes += content.content().readableBytes();
      if (keptBytes > keepLimit) {
        replayable = false;
        releaseKept();
      } else {
        kept.add(content.retainedDuplicate());
      }
    }

    private void releaseKept() {
      kept.forEach(HttpContent::release);
      kept.clear();
    }

    void finish(boolean clean) {
      if (over) {
        return;
      }
      over = true;
      if (connection != null) {
        connection.release(clean && requestSent && responseEnded && keepAlive);
        connection = null;
      }
      releaseKept();
      lease.release();
      inFlight.decrementAndGet();
    }
  }

  private void avoid(Backend.Endpoint endpoint) {
    if (refused.isEmpty()) {
      refused = new HashSet<>(2);
    }
    refused.add(endpoint);
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
