package dev.kanary.server.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * Benchmark baseline (bench/gateway/run.sh): the least a proxy on Netty alone does, without
 * Armeria. Each downstream HTTP/1.1 connection gets its own keep-alive connection to one backend
 * on the same event loop; request and response objects pass through as Netty decodes them. No
 * routing, split, metrics, timeouts or error handling: a floor for what a JVM proxy costs here.
 *
 * <pre>NettyBaselineBench PORT BACKEND_PORT [EVENT_LOOPS]</pre>
 */
public final class NettyBaselineBench {
  private static final String REVISION_HEADER = "Kanary-Revision";

  private NettyBaselineBench() {}

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    InetSocketAddress backend = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
    int loops = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    EventLoopGroup group = new EpollEventLoopGroup(loops);
    Channel server = new ServerBootstrap()
        .group(group)
        .channel(EpollServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel downstream) {
            downstream.config().setAutoRead(false);
            downstream.pipeline().addLast(new HttpServerCodec(), new Downstream(backend));
          }
        })
        .bind("127.0.0.1", port).sync().channel();
    Runtime.getRuntime().addShutdownHook(new Thread(group::shutdownGracefully));
    System.out.println("netty baseline ready on port " + port);
    server.closeFuture().sync();
  }

  /** Relays the downstream connection's requests to its own upstream connection. */
  private static final class Downstream extends ChannelInboundHandlerAdapter {
    private final InetSocketAddress backend;
    private Channel upstream;

    Downstream(InetSocketAddress backend) {
      this.backend = backend;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel downstream = ctx.channel();
      ChannelFuture connected = new Bootstrap()
          .group(downstream.eventLoop())
          .channel(EpollSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
              channel.pipeline().addLast(new HttpClientCodec(), new Upstream(downstream));
            }
          })
          .connect(backend);
      upstream = connected.channel();
      connected.addListener(done -> {
        if (done.isSuccess()) {
          downstream.read();
        } else {
          downstream.close();
        }
      });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      upstream.write(message);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      upstream.flush();
      ctx.read();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      upstream.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** Relays the upstream connection's responses to the downstream connection. */
  private static final class Upstream extends ChannelInboundHandlerAdapter {
    private final Channel downstream;

    Upstream(Channel downstream) {
      this.downstream = downstream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      if (message instanceof HttpResponse response) {
        response.headers().set(REVISION_HEADER, "baseline");
      }
      if (!downstream.isActive()) {
        ReferenceCountUtil.release(message);
        return;
      }
      downstream.write(message);
      if (message instanceof LastHttpContent) {
        downstream.flush();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      downstream.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
