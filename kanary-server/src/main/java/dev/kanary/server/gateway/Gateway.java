package dev.kanary.server.gateway;

import com.linecorp.armeria.common.util.EventLoopGroups;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.Service;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.server.controller.Informer;
import dev.kanary.server.replica.ReplicaPhase;
import dev.kanary.server.replica.ReplicaStatus;
import dev.kanary.server.replica.ReplicaSupervisor;
import dev.kanary.server.revision.ReplicaDrainer;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone kanary's data plane: one HTTP port (HTTP/1.1 and h2c) that routes inference requests
 * by host, tag and path to the replicas of each Service's revisions ({@link RouteTables}), on
 * Netty: one event loop per core, each request proxied on the loop of its client connection
 * ({@link Exchange}), with keep-alive connections to replicas pooled per loop.
 *
 * <p>Every change of its inputs (a Service, InferenceService or revision changed, a replica became
 * ready or not) rebuilds the whole route table on one thread, coalescing bursts, and swaps it in
 * atomically: a request sees the table before the change or after it, never a mix.
 *
 * <p>As the {@link ReplicaDrainer}, it takes a replica out of the table and completes once the
 * replica's requests in flight are done (or its revision's timeout passed), so that stopping the
 * replica loses nothing.
 */
public final class Gateway implements ReplicaDrainer, AutoCloseable {
  /** The response header naming the revision that answered. */
  public static final String REVISION_HEADER = "Kanary-Revision";

  private static final Logger log = LoggerFactory.getLogger("kanary");
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final String bind;
  private final int port;
  private final GatewaySettings settings;
  private final Supplier<RouteInputs> inputs;
  private final GatewayMetrics metrics;
  private final Upstreams upstreams = new Upstreams();
  private final AtomicReference<RoutingSnapshot> routing;
  private final AtomicBoolean rebuildPending = new AtomicBoolean();
  private final ScheduledExecutorService rebuilds;
  private final EventLoopGroup loops;
  private final UpstreamPools pools;
  private final ActiveExchanges exchanges = new ActiveExchanges();
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private volatile List<String> problems = List.of();
  private Channel server;
  private volatile int boundPort;
  private CompletableFuture<Void> closed;

  /**
   * @param port 0 picks a free one
   * @param inputs read afresh at every rebuild; {@link RouteInputs#draining()} is filled in here
   */
  public Gateway(String bind, int port, GatewaySettings settings, Supplier<RouteInputs> inputs,
      MeterRegistry registry) {
    this.bind = bind;
    this.port = port;
    this.settings = settings;
    this.inputs = inputs;
    this.metrics = new GatewayMetrics(registry);
    this.routing = new AtomicReference<>(RoutingSnapshot.empty(""));
    this.rebuilds = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "kanary-gateway-routes");
      thread.setDaemon(true);
      return thread;
    });
    // Epoll where the platform has it, else NIO: as Armeria chooses for the API port.
    this.loops = EventLoopGroups.newEventLoopGroup(
        Runtime.getRuntime().availableProcessors(), "kanary-gateway", true);
    this.pools = new UpstreamPools(loops, EventLoopGroups.socketChannelType(loops));
  }

  /** The gateway of a standalone server, fed by its informers and its replica supervisor. */
  public static Gateway standalone(String bind, int port, String domain, GatewaySettings settings,
      Informer<InferenceService> isvcs, Informer<Service> services, Informer<Revision> revisions,
      ReplicaSupervisor supervisor, MeterRegistry registry) {
    Gateway gateway = new Gateway(bind, port, settings, () -> new RouteInputs(domain,
        services.list(), isvcs.list(), revisions.list(), supervisor.replicas(), Set.of()),
        registry);
    isvcs.onChange(isvc -> gateway.refresh());
    services.onChange(service -> gateway.refresh());
    revisions.onChange(revision -> gateway.refresh());
    return gateway;
  }

  /** Builds the table from the inputs as they are now, then listens. */
  public void start() {
    rebuild();
    ProxyContext proxy = new ProxyContext(routing::get, settings, metrics, this::refreshAfter,
        pools, exchanges);
    try {
      server = new ServerBootstrap()
          .group(loops)
          .channel(EventLoopGroups.serverChannelType(loops))
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new DownstreamInitializer(proxy, connections))
          .bind(new InetSocketAddress(bind, port))
          .syncUninterruptibly()
          .channel();
      boundPort = ((InetSocketAddress) server.localAddress()).getPort();
    } catch (Exception e) {
      // Netty rethrows the bind's IOException unchecked.
      throw new IllegalStateException("the gateway cannot listen on " + bind + ":" + port
          + " (--http-port): " + e.getMessage() + "; pick another port, or stop what uses it", e);
    }
    log.info("gateway listening on http://{}:{}", bind, port());
  }

  /** The port it listens on: the configured one, or the one picked when that was 0. */
  public int port() {
    return boundPort;
  }

  /** What requests are routed by now; its successor completes when a rebuild replaces it. */
  RoutingSnapshot snapshot() {
    return routing.get();
  }

  /** The table requests are routed by now. */
  public RouteTable table() {
    return routing.get().table();
  }

  /** Rebuilds the table soon, on the gateway's thread; calls in a burst make one rebuild. */
  public void refresh() {
    if (rebuildPending.compareAndSet(false, true)) {
      try {
        rebuilds.execute(() -> {
          rebuildPending.set(false);
          rebuild();
        });
      } catch (RejectedExecutionException e) {
        // Closed: nothing routes any more.
      }
    }
  }

  private void refreshAfter(Duration delay) {
    try {
      rebuilds.schedule(this::refresh, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed.
    }
  }

  /** Told every replica change by the supervisor. */
  public void onReplica(ReplicaStatus replica) {
    if (replica.phase() == ReplicaPhase.STOPPED) {
      upstreams.forget(replica.name());
    } else {
      upstreams.clearSuspicion(replica.name());
    }
    refresh();
  }

  @Override
  public CompletableFuture<Void> drain(ReplicaStatus replica) {
    Duration timeout = RevisionIds.of(replica)
        .flatMap(id -> table().backend(id))
        .map(Backend::timeout)
        .orElse(Backend.DEFAULT_TIMEOUT);
    CompletableFuture<Void> drained = upstreams.get(replica.name()).drain();
    refresh();
    return drained.copy().completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Rebuilds the table now, on the caller's thread. */
  synchronized void rebuild() {
    RouteInputs now;
    RouteTable table;
    try {
      now = inputs.get().withDraining(upstreams.draining());
      table = RouteTables.build(now);
    } catch (RuntimeException e) {
      log.error("gateway: the route table could not be rebuilt; the previous one stays", e);
      return;
    }
    RoutingSnapshot previous = routing.get();
    RoutingSnapshot next = previous.next(table, upstreams);
    routing.set(next);
    previous.replacedBy(next);
    // Every replica that still runs keeps its state (in-flight count, suspicion), routed or not
    // (a revision at 0%), so that routing to it again starts from what is known of it.
    upstreams.retainOnly(now.replicas().stream()
        .filter(r -> r.phase() != ReplicaPhase.STOPPED)
        .map(ReplicaStatus::name)
        .collect(Collectors.toUnmodifiableSet()));
    metrics.publish(table);
    logProblems(table.problems());
  }

  private void logProblems(List<String> now) {
    List<String> before = problems;
    if (!now.equals(before)) {
      now.stream().filter(p -> !before.contains(p)).forEach(p -> log.warn("gateway: {}", p));
      problems = now;
    }
  }

  @Override
  public void close() {
    closeAsync().join();
  }

  /**
   * Stops listening, lets requests in flight finish (up to 10 s; responses on HTTP/1.1 ask their
   * clients to close meanwhile), then closes every connection and the event loops.
   */
  public synchronized CompletableFuture<Void> closeAsync() {
    if (closed == null) {
      if (server != null) {
        server.close();
      }
      closed = exchanges.close()
          .completeOnTimeout(null, GRACE.toMillis(), TimeUnit.MILLISECONDS)
          .thenCompose(idle -> {
            connections.close();
            pools.close();
            rebuilds.shutdownNow();
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS)
                .addListener(done -> stopped.complete(null));
            return stopped;
          });
    }
    return closed;
  }
}
