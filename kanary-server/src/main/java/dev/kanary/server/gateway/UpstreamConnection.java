package dev.kanary.server.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * One exchange's way to a replica, the last handler of its channel's pipeline: an HTTP/1.1
 * connection, or a stream of an HTTP/2 one. It hands what the replica sends to the exchange it
 * serves. An HTTP/1.1 connection serving none waits in its loop's pool, closed by the replica or
 * by the pool after a minute without use; a stream serves one exchange.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {
  /** Where a connection goes when its exchange is done with it. */
  interface Owner {
    /** Takes it back for another exchange, or closes it. */
    void recycle(UpstreamConnection connection);

    /** It closed. */
    void forget(UpstreamConnection connection);
  }

  /** The owner of HTTP/2 streams: a stream is not used twice. */
  static final Owner STREAM = new Owner() {
    @Override
    public void recycle(UpstreamConnection connection) {
      connection.channel().close();
    }

    @Override
    public void forget(UpstreamConnection connection) {}
  };

  /** What an exchange hears from the connection it holds; called on the connection's loop. */
  interface Listener {
    /** A response head or body part; the listener owns it. */
    void onUpstreamRead(Object message);

    void onUpstreamReadComplete();

    void onUpstreamWritabilityChanged();

    /** The connection failed or closed while the listener held it; it is closed now. */
    void onUpstreamFailed(Throwable cause);
  }

  private final Owner pool;
  private final int port;
  private Channel channel;
  private Listener listener;
  private long idleSince;

  UpstreamConnection(Owner pool, int port) {
    this.pool = pool;
    this.port = port;
  }

  Channel channel() {
    return channel;
  }

  int port() {
    return port;
  }

  /** When it was last given back to its pool ({@link System#nanoTime()}). */
  long idleSince() {
    return idleSince;
  }

  void idleSince(long nanos) {
    idleSince = nanos;
  }

  void bind(Listener listener) {
    this.listener = listener;
    channel.config().setAutoRead(true);
  }

  /** The exchange is done with it: back to the pool when it can take another request. */
  void release(boolean reusable) {
    listener = null;
    if (reusable) {
      pool.recycle(this);
    } else {
      channel.close();
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    Listener current = listener;
    if (message instanceof HttpObject object && object.decoderResult().isFailure()) {
      ReferenceCountUtil.release(message);
      fail(ctx, object.decoderResult().cause());
    } else if (message instanceof Http2ResetFrame reset) {
      fail(ctx, new UpstreamFailures.ConnectionLost(
          "the replica reset the stream (" + reset.errorCode() + ")"));
    } else if (current == null) {
      // Nothing was asked: a replica that talks out of turn cannot be trusted with the next one.
      ReferenceCountUtil.release(message);
      ctx.close();
    } else {
      current.onUpstreamRead(message);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (listener != null) {
      listener.onUpstreamReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (listener != null) {
      listener.onUpstreamWritabilityChanged();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pool.forget(this);
    Listener current = listener;
    listener = null;
    if (current != null) {
      current.onUpstreamFailed(
          new UpstreamFailures.ConnectionLost("the replica closed the connection"));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, cause);
  }

  private void fail(ChannelHandlerContext ctx, Throwable cause) {
    Listener current = listener;
    listener = null;
    ctx.close();
    if (current != null) {
      current.onUpstreamFailed(cause);
    }
  }
}
