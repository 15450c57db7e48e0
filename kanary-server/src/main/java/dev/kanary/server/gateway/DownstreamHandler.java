package dev.kanary.server.gateway;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The requests of one client connection (HTTP/1.1) or one HTTP/2 stream, one {@link Exchange} at
 * a time. On HTTP/1.1 a request is read whole before the next one starts; what a client pipelines
 * meanwhile waits, read but not acted on, until the exchange before it ended, and the connection
 * reads no more until then.
 *
 * <p>Reading is paused only when something would pile up (a body with nowhere to go yet, a
 * pipelined request, a replica that cannot take more): on epoll every pause and resume is a
 * system call, too many for every request.
 */
final class DownstreamHandler extends ChannelInboundHandlerAdapter {
  private final ProxyContext proxy;
  private final boolean http1;
  private final ArrayDeque<Object> pipelined = new ArrayDeque<>(0);
  private ChannelHandlerContext ctx;
  private DeadlineTimer timer;
  private Exchange exchange;
  private boolean requestOpen;
  private boolean upgradeSettled;

  /** @param http1 on a client connection, not an HTTP/2 stream */
  DownstreamHandler(ProxyContext proxy, boolean http1) {
    this.proxy = proxy;
    this.http1 = http1;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.timer = new DeadlineTimer(ctx.channel().eventLoop());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (!(message instanceof HttpObject)) {
      ReferenceCountUtil.release(message);
    } else if (exchange != null && !requestOpen) {
      pipelined.add(message);
      ctx.channel().config().setAutoRead(false);
    } else {
      dispatch(message);
    }
  }

  private void dispatch(Object message) {
    HttpContent content = null;
    if (message instanceof FullHttpRequest full) {
      content = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
      if (!HttpUtil.isContentLengthSet(full) && full.content().isReadable()) {
        HttpUtil.setContentLength(full, full.content().readableBytes());
      }
      begin(new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(),
          full.headers()));
    } else if (message instanceof HttpRequest head) {
      if (!http1 && !HttpUtil.isContentLengthSet(head)) {
        // An HTTP/2 body of unknown length goes to an HTTP/1.1 replica chunked.
        HttpUtil.setTransferEncodingChunked(head, true);
      }
      begin(head);
    } else if (message instanceof HttpContent part) {
      content = part;
    }
    if (content != null) {
      if (content.decoderResult().isFailure() || exchange == null) {
        content.release();
        ctx.close();
        return;
      }
      Exchange current = exchange;
      boolean answered = current.ended();
      boolean last = content instanceof LastHttpContent;
      if (last) {
        requestOpen = false;
      }
      current.onRequestContent(content);
      if (last && answered) {
        next();
      }
    }
  }

  private void begin(HttpRequest head) {
    if (head.decoderResult().isFailure()) {
      FullHttpResponse response = ErrorResponses.of(HttpResponseStatus.BAD_REQUEST,
          "the request is not valid HTTP: " + head.decoderResult().cause().getMessage());
      HttpUtil.setKeepAlive(response, false);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (http1 && !upgradeSettled) {
      upgradeSettled = true;
      if (!head.headers().contains(HttpHeaderNames.UPGRADE)) {
        // Clients ask for h2c on their first request; later ones need not pass the upgrader.
        ctx.pipeline().remove(HttpServerUpgradeHandler.class);
      }
    }
    requestOpen = true;
    Exchange started = new Exchange(proxy, ctx.channel(), timer, head, http1,
        this::exchangeEnded);
    exchange = started;
    started.start();
  }

  /** The response ended: read on, to the rest of this request's body or to the next request. */
  private void exchangeEnded() {
    if (exchange.closesConnection()) {
      // Its response closes the connection: what the client pipelined after it is not served.
      pipelined.forEach(ReferenceCountUtil::release);
      pipelined.clear();
    } else if (requestOpen) {
      ctx.channel().config().setAutoRead(true);
    } else {
      next();
    }
  }

  private void next() {
    exchange = null;
    while (!pipelined.isEmpty() && (exchange == null || requestOpen)) {
      dispatch(pipelined.poll());
    }
    if (exchange == null) {
      ctx.channel().config().setAutoRead(true);
    } else {
      exchange.onRequestReadComplete();
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    timer.close();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.onRequestReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.onDownstreamWritabilityChanged();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    timer.close();
    if (exchange != null) {
      exchange.onDownstreamClosed();
    }
    pipelined.forEach(ReferenceCountUtil::release);
    pipelined.clear();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof HttpServerUpgradeHandler.UpgradeEvent) {
      // The connection speaks HTTP/2 now; its streams have handlers of their own.
      ctx.pipeline().remove(this);
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
