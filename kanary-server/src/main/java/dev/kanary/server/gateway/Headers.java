package dev.kanary.server.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import java.util.List;

/** What a proxy must not pass on from one hop to the next. */
final class Headers {
  private static final List<AsciiString> HOP_BY_HOP = List.of(HttpHeaderNames.KEEP_ALIVE,
      AsciiString.cached("proxy-connection"), HttpHeaderNames.UPGRADE,
      AsciiString.cached("http2-settings"));

  private static final HttpConversionUtil.ExtensionHeaderNames[] EXTENSIONS =
      HttpConversionUtil.ExtensionHeaderNames.values();

  private Headers() {}

  /**
   * Removes the hop-by-hop headers (RFC 9110 §7.6.1), those a Connection header names, and the
   * x-http2-* headers Netty adds when it turns an HTTP/2 stream into HTTP objects ({@code
   * viaHttp2}: a message that may have come that way). A message's
   * framing (Content-Length, Transfer-Encoding) stays: the encoder of the next hop follows it.
   * So does {@code TE: trailers}, which gRPC servers ask for: the gateway relays trailers.
   */
  static void stripHopByHop(HttpHeaders headers, boolean viaHttp2) {
    if (headers.isEmpty()) {
      return;
    }
    if (headers.contains(HttpHeaderNames.CONNECTION)) {
      for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
        for (String name : connection.split(",")) {
          String trimmed = name.trim();
          if (!trimmed.isEmpty() && !HttpHeaderNames.TE.contentEqualsIgnoreCase(trimmed)) {
            headers.remove(trimmed);
          }
        }
      }
      headers.remove(HttpHeaderNames.CONNECTION);
    }
    String te = headers.get(HttpHeaderNames.TE);
    if (te != null && !HttpHeaderValues.TRAILERS.contentEqualsIgnoreCase(te.trim())) {
      headers.remove(HttpHeaderNames.TE);
    }
    for (AsciiString name : HOP_BY_HOP) {
      headers.remove(name);
    }
    if (viaHttp2) {
      for (HttpConversionUtil.ExtensionHeaderNames name : EXTENSIONS) {
        headers.remove(name.text());
      }
    }
  }
}
