package dev.kanary.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import dev.kanary.core.json.Json;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON answers: documents, and failures as Kubernetes Status objects. */
final class StatusResponses {
  private static final Logger log = LoggerFactory.getLogger(StatusResponses.class);

  private StatusResponses() {}

  static HttpResponse json(HttpStatus status, JsonNode document) {
    return HttpResponse.of(ResponseHeaders.of(status, HttpHeaderNames.CONTENT_TYPE,
        MediaType.JSON_UTF_8), HttpData.wrap(bytes(document)));
  }

  static HttpResponse status(KubeStatus status) {
    ResponseHeadersBuilder headers = ResponseHeaders.builder(status.code())
        .contentType(MediaType.JSON_UTF_8);
    if (status.code() == HttpStatus.UNAUTHORIZED.code()) {
      headers.add(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"kanary\"");
    }
    return HttpResponse.of(headers.build(), HttpData.wrap(bytes(status.toJson())));
  }

  /** Any failure of a request's handling: an API refusal as it is, anything else a logged 500. */
  static KubeStatus toStatus(Throwable failure, String request) {
    Throwable cause = unwrap(failure);
    if (cause instanceof ApiException api) {
      return api.status();
    }
    log.warn("{} failed", request, cause);
    return KubeStatus.of(500, "InternalError",
        "Internal error occurred: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  static byte[] bytes(JsonNode document) {
    try {
      return Json.json().writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
