package dev.kanary.server.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kanary.core.json.Json;
import java.util.Map;

/** The gateway's own answers, as {@code {"error": "..."}}, including Armeria's (413, 400). */
final class ErrorResponses implements ServerErrorHandler {
  private final long maxRequestBytes;

  ErrorResponses(long maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  static HttpResponse of(HttpStatus status, String message) {
    return aggregated(status, message).toHttpResponse();
  }

  static AggregatedHttpResponse aggregated(HttpStatus status, String message) {
    return AggregatedHttpResponse.of(status, MediaType.JSON_UTF_8, body(message));
  }

  String tooLarge() {
    return "the request body is larger than " + maxRequestBytes + " bytes";
  }

  @Override
  public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    if (cause instanceof ContentTooLargeException) {
      return of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge());
    }
    return null;
  }

  @Override
  public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config,
      RequestHeaders headers, HttpStatus status, String description, Throwable cause) {
    if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
      return aggregated(status, tooLarge());
    }
    return aggregated(status, description != null ? description : status.reasonPhrase());
  }

  private static String body(String message) {
    try {
      return Json.json().writeValueAsString(Map.of("error", message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a one-string map always serializes", e);
    }
  }
}
