package dev.kanary.server.gateway;

import io.netty.handler.codec.PrematureChannelClosureException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/** What an upstream attempt's failure says about the replica, for deciding on another attempt. */
final class UpstreamFailures {
  private UpstreamFailures() {}

  /**
   * The replica's connection (or its HTTP/2 stream) closed or was reset under an exchange, as
   * {@link UpstreamConnection} tells it.
   */
  static final class ConnectionLost extends IOException {
    ConnectionLost(String message) {
      super(message);
    }
  }

  /**
   * Whether the replica's connection went away under the attempt: closed, reset (a killed
   * process's sockets are reset), a broken pipe, or its HTTP/2 stream reset. A timeout, a refused
   * connection (no attempt was made), or anything the replica answered, is not.
   */
  static boolean connectionLost(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectionLost || t instanceof ClosedChannelException
          || t instanceof PrematureChannelClosureException) {
        return true;
      }
      if (t instanceof IOException && t.getMessage() != null) {
        String message = t.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("connection reset") || message.contains("broken pipe")) {
          return true;
        }
      }
    }
    return false;
  }
}
