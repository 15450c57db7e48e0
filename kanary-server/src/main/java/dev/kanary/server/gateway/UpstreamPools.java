package dev.kanary.server.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Keep-alive HTTP/1.1 connections to replicas, one pool per event loop and replica port, as
 * nginx's {@code keepalive} per worker: an exchange takes a connection of its own loop, so it
 * never changes thread, and gives it back when its response ended cleanly.
 */
final class UpstreamPools {
  /** Idle connections kept per loop and port; more are closed when given back. */
  static final int MAX_IDLE = 64;
  static final int CONNECT_TIMEOUT_MILLIS = 2000;
  private static final int IDLE_SECONDS = 60;
  private static final InetAddress REPLICA_HOST = InetAddress.getLoopbackAddress();

  private final Map<EventExecutor, LoopPool> loops = new IdentityHashMap<>();
  private final ChannelGroup all = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

  UpstreamPools(EventLoopGroup group, Class<? extends Channel> channelType) {
    for (EventExecutor loop : group) {
      loops.put(loop, new LoopPool((EventLoop) loop, channelType));
    }
  }

  /**
   * Calls {@code then} on {@code loop} with an idle connection to the port, or a new one, or why
   * none could be had (the replica refused it: nothing was sent).
   */
  void acquire(EventLoop loop, int port, BiConsumer<UpstreamConnection, Throwable> then) {
    loops.get(loop).acquire(port, then);
  }

  void close() {
    all.close();
  }

  /** One loop's connections; touched on that loop only. */
  final class LoopPool {
    private final Map<Integer, ArrayDeque<UpstreamConnection>> idle = new HashMap<>();
    private final Bootstrap bootstrap;

    LoopPool(EventLoop loop, Class<? extends Channel> channelType) {
      this.bootstrap = new Bootstrap()
          .group(loop)
          .channel(channelType)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
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
              channel.pipeline().addLast(new HttpClientCodec(),
                  new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS), connection);
            }
          })
          .connect(new InetSocketAddress(REPLICA_HOST, port));
      connected.addListener(done -> then.accept(
          done.isSuccess() ? connection : null, done.isSuccess() ? null : done.cause()));
    }

    void recycle(UpstreamConnection connection) {
      if (!connection.channel().isActive()) {
        return;
      }
      ArrayDeque<UpstreamConnection> ready =
          idle.computeIfAbsent(connection.port(), port -> new ArrayDeque<>());
      if (ready.size() >= MAX_IDLE) {
        connection.channel().close();
      } else {
        connection.channel().config().setAutoRead(true);
        ready.addLast(connection);
      }
    }

    void forget(UpstreamConnection connection) {
      ArrayDeque<UpstreamConnection> ready = idle.get(connection.port());
      if (ready != null) {
        ready.remove(connection);
      }
    }
  }
}
