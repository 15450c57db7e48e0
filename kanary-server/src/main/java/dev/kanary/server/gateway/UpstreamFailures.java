package dev.kanary.server.gateway;

import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ClosedSessionException;
import java.io.IOException;
import java.util.Locale;

/** What an upstream attempt's failure says about the replica, for deciding on another attempt. */
final class UpstreamFailures {
  private UpstreamFailures() {}

  /**
   * Whether the replica's connection went away under the attempt: closed, reset (a killed
   * process's sockets are reset), a broken pipe, or a request the replica never processed. A
   * timeout, or anything the replica answered, is not.
   *
   * @param root the failure with Armeria's wrappers peeled off
   */
  static boolean connectionLost(Throwable root) {
    if (root instanceof UnprocessedRequestException) {
      return true;
    }
    for (Throwable t = root; t != null; t = t.getCause()) {
      if (t instanceof ClosedSessionException) {
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
