package dev.kanary.server.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Connections to replicas, kept per event loop and replica port: an exchange takes one of its own
 * loop, so it never changes thread.
 *
 * <ul>
 *   <li>HTTP/1.1: keep-alive connections, as nginx's {@code keepalive} per worker; an exchange
 *       gives its connection back when its response ended cleanly.
 *   <li>HTTP/2 (h2c, prior knowledge): one connection per loop and port, a stream per exchange.
 *       A replica that does not answer the preface with its settings speaks HTTP/1.1 only; that
 *       is remembered for its port, and its exchanges go over HTTP/1.1.
 * </ul>
 */
final class UpstreamPools {
  /** Idle connections kept per loop and port; more are closed when given back. */
  static final int MAX_IDLE = 64;
  static final int CONNECT_TIMEOUT_MILLIS = 2000;
  /** An idle connection unused this long is closed, at the next sweep. */
  static final Duration IDLE = Duration.ofSeconds(60);
  static final Duration SWEEP = Duration.ofSeconds(15);
  private static final InetAddress REPLICA_HOST = InetAddress.getLoopbackAddress();
  /** Replicas have nothing to push to the gateway; a stream they open anyway is closed. */
  private static final ChannelHandler REFUSE_PUSHED_STREAMS = new ChannelInitializer<>() {
    @Override
    protected void initChannel(Channel stream) {
      stream.close();
    }
  };

  private final Map<EventExecutor, LoopPool> loops = new IdentityHashMap<>();
  private final ChannelGroup all = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Set<Integer> http1Only = ConcurrentHashMap.newKeySet();
  private final long idleNanos;

  UpstreamPools(EventLoopGroup group, Class<? extends Channel> channelType) {
    this(group, channelType, IDLE, SWEEP);
  }

  /**
   * @param idle how long a pooled HTTP/1.1 connection may go unused
   * @param sweep how often each loop closes those that went unused longer
   */
  UpstreamPools(EventLoopGroup group, Class<? extends Channel> channelType, Duration idle,
      Duration sweep) {
    this.idleNanos = idle.toNanos();
    for (EventExecutor loop : group) {
      loops.put(loop, new LoopPool((EventLoop) loop, channelType, sweep));
    }
  }

  /**
   * Calls {@code then} on {@code loop} with a way to the replica on the port, or why none could be
   * had (the replica refused the connection: nothing was sent).
   *
   * @param http2 a stream of an HTTP/2 connection when the replica speaks it, else HTTP/1.1
   */
  void acquire(EventLoop loop, int port, boolean http2,
      BiConsumer<UpstreamConnection, Throwable> then) {
    LoopPool pool = loops.get(loop);
    if (http2 && !http1Only.contains(port)) {
      pool.acquireStream(port, then);
    } else {
      pool.acquire(port, then);
    }
  }

  void close() {
    all.close();
  }

  /** One loop's connections; touched on that loop only. */
  final class LoopPool implements UpstreamConnection.Owner {
    /** By replica port; an int-keyed map, as every request looks here. */
    private final IntObjectMap<ArrayDeque<UpstreamConnection>> idle = new IntObjectHashMap<>();
    private final Map<Integer, Http2Connection> http2 = new HashMap<>();
    private final Bootstrap bootstrap;

    LoopPool(EventLoop loop, Class<? extends Channel> channelType, Duration sweep) {
      this.bootstrap = new Bootstrap()
          .group(loop)
          .channel(channelType)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
      // One sweep per loop rather than an idle timer per connection: a handler in every
      // connection's pipeline would be passed by every read and write.
      loop.scheduleAtFixedRate(this::closeIdle, sweep.toNanos(), sweep.toNanos(),
          TimeUnit.NANOSECONDS);
    }

    private void closeIdle() {
      long now = System.nanoTime();
      for (ArrayDeque<UpstreamConnection> ready : idle.values()) {
        // Given back at the end, taken from the end: the longest idle are first.
        for (UpstreamConnection oldest; (oldest = ready.peekFirst()) != null
            && now - oldest.idleSince() >= idleNanos; ) {
          ready.pollFirst();
          oldest.channel().close();
        }
      }
    }

    void acquire(int port, BiConsumer<UpstreamConnection, Throwable> then) {
      ArrayDeque<UpstreamConnection> ready = idle.get(port);
      if (ready != null) {
        for (UpstreamConnection connection; (connection = ready.pollLast()) != null; ) {
          if (connection.channel().isActive()) {
            then.accept(connection, null);
            return;
          }
        }
      }
      UpstreamConnection connection = new UpstreamConnection(this, port);
      ChannelFuture connected = bootstrap.clone()
          .handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
              all.add(channel);
              channel.pipeline().addLast(new HttpClientCodec(), connection);
            }
          })
          .connect(new InetSocketAddress(REPLICA_HOST, port));
      connected.addListener(done -> then.accept(
          done.isSuccess() ? connection : null, done.isSuccess() ? null : done.cause()));
    }

    void acquireStream(int port, BiConsumer<UpstreamConnection, Throwable> then) {
      Http2Connection connection = http2.get(port);
      if (connection == null || !connection.usable()) {
        connection = new Http2Connection(this, port);
        http2.put(port, connection);
        connection.connect();
      }
      connection.openStream(then);
    }

    @Override
    public void recycle(UpstreamConnection connection) {
      if (!connection.channel().isActive()) {
        return;
      }
      ArrayDeque<UpstreamConnection> ready = idle.get(connection.port());
      if (ready == null) {
        ready = new ArrayDeque<>();
        idle.put(connection.port(), ready);
      }
      if (ready.size() >= MAX_IDLE) {
        connection.channel().close();
      } else {
        connection.channel().config().setAutoRead(true);
        connection.idleSince(System.nanoTime());
        ready.addLast(connection);
      }
    }

    @Override
    public void forget(UpstreamConnection connection) {
      ArrayDeque<UpstreamConnection> ready = idle.get(connection.port());
      if (ready != null) {
        ready.remove(connection);
      }
    }
  }

  /**
   * One loop's HTTP/2 connection to a replica port, the last handler of its pipeline: streams
   * open once the replica's settings arrived, and none once it went away.
   */
  private final class Http2Connection extends ChannelInboundHandlerAdapter {
    private final LoopPool pool;
    private final int port;
    private final List<BiConsumer<UpstreamConnection, Throwable>> waiting = new ArrayList<>();
    private Channel channel;
    private boolean active;
    private boolean ready;
    private boolean gone;

    Http2Connection(LoopPool pool, int port) {
      this.pool = pool;
      this.port = port;
    }

    void connect() {
      Http2Connection watcher = this;
      ChannelFuture connected = pool.bootstrap.clone()
          .handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
              all.add(channel);
              // Streams beyond the replica's SETTINGS_MAX_CONCURRENT_STREAMS wait their turn.
              channel.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                      .initialSettings(Http2Settings.defaultSettings().pushEnabled(false))
                      .encoderEnforceMaxConcurrentStreams(true)
                      .build(),
                  new Http2MultiplexHandler(REFUSE_PUSHED_STREAMS), watcher);
            }
          })
          .connect(new InetSocketAddress(REPLICA_HOST, port));
      channel = connected.channel();
      connected.addListener(done -> {
        if (!done.isSuccess()) {
          gone = true;
          pool.http2.remove(port, this);
          answerWaiting(done.cause());
        }
      });
    }

    boolean usable() {
      return !gone && channel.isOpen();
    }

    void openStream(BiConsumer<UpstreamConnection, Throwable> then) {
      if (!ready) {
        waiting.add(then);
        return;
      }
      UpstreamConnection stream = new UpstreamConnection(UpstreamConnection.STREAM, port);
      new Http2StreamChannelBootstrap(channel)
          .handler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel channel) {
              channel.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), stream);
            }
          })
          .open()
          .addListener(done -> then.accept(done.isSuccess() ? stream : null,
              done.isSuccess() ? null : done.cause()));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      active = true;
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      if (message instanceof Http2SettingsFrame && !ready) {
        ready = true;
        List<BiConsumer<UpstreamConnection, Throwable>> streams = List.copyOf(waiting);
        waiting.clear();
        streams.forEach(this::openStream);
      } else if (message instanceof Http2GoAwayFrame) {
        gone = true;
        pool.http2.remove(port, this);
      }
      ReferenceCountUtil.release(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      gone = true;
      pool.http2.remove(port, this);
      if (active && !ready) {
        // Connected, but the preface got no settings back: an HTTP/1.1 server.
        http1Only.add(port);
        List<BiConsumer<UpstreamConnection, Throwable>> streams = List.copyOf(waiting);
        waiting.clear();
        streams.forEach(then -> pool.acquire(port, then));
      } else {
        answerWaiting(new IOException("the replica closed the connection"));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    private void answerWaiting(Throwable cause) {
      List<BiConsumer<UpstreamConnection, Throwable>> streams = List.copyOf(waiting);
      waiting.clear();
      streams.forEach(then -> then.accept(null, cause));
    }
  }
}
