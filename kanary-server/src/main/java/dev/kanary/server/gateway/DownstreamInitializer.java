package dev.kanary.server.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AsciiString;

/**
 * A client connection's pipeline: HTTP/1.1 with keep-alive ({@link Exchange} decides when a
 * connection closes, as Netty's keep-alive handler would, without one more handler for every
 * message to pass), switching to HTTP/2 on the h2c
 * preface (prior knowledge) or on an {@code Upgrade: h2c} request. Either way the requests reach
 * a {@link DownstreamHandler} as Netty's HTTP objects: one per HTTP/1.1 connection, one per
 * HTTP/2 stream.
 */
final class DownstreamInitializer extends ChannelInitializer<Channel> {
  private static final int MAX_INITIAL_LINE = 8192;
  private static final int MAX_HEADERS = 16384;
  private static final int MAX_CHUNK = 16384;
  /** An upgrade request's body is read whole before the switch; larger ones stay on HTTP/1.1. */
  private static final int MAX_UPGRADE_BODY = 65536;
  private static final String HTTP2_CODEC = "http2-codec";

  private final ProxyContext proxy;
  private final ChannelGroup connections;

  DownstreamInitializer(ProxyContext proxy, ChannelGroup connections) {
    this.proxy = proxy;
    this.connections = connections;
  }

  @Override
  protected void initChannel(Channel channel) {
    connections.add(channel);
    HttpServerCodec http1 = new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK);
    HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(http1,
        protocol -> AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
            ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(),
                streams())
            : null,
        MAX_UPGRADE_BODY);
    channel.pipeline().addLast(
        new CleartextHttp2ServerUpgradeHandler(http1, upgrade, new PriorKnowledge()),
        new DownstreamHandler(proxy, true));
  }

  private Http2MultiplexHandler streams() {
    return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel stream) {
        stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
            new DownstreamHandler(proxy, false));
      }
    });
  }

  /** Put in where the HTTP/1.1 handlers were once the client sent the HTTP/2 preface. */
  private final class PriorKnowledge extends ChannelHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      ChannelPipeline pipeline = ctx.pipeline();
      pipeline.addAfter(ctx.name(), HTTP2_CODEC, Http2FrameCodecBuilder.forServer().build());
      pipeline.addAfter(HTTP2_CODEC, null, streams());
      pipeline.remove(DownstreamHandler.class);
      pipeline.remove(this);
    }
  }
}
