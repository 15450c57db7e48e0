package dev.kanary.server.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kanary.core.json.Json;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The gateway's own answers, as {@code {"error": "..."}}. */
final class ErrorResponses {
  private static final String JSON = "application/json; charset=utf-8";

  private ErrorResponses() {}

  static FullHttpResponse of(HttpResponseStatus status, String message) {
    byte[] body = body(message).getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return response;
  }

  static String tooLarge(long maxRequestBytes) {
    return "the request body is larger than " + maxRequestBytes + " bytes";
  }

  static String body(String message) {
    try {
      return Json.json().writeValueAsString(Map.of("error", message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a one-string map always serializes", e);
    }
  }
}
