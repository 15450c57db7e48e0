package dev.kanary.modelserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import dev.kanary.modelserver.inference.ErrorKind;
import dev.kanary.modelserver.inference.ServingException;
import dev.kanary.modelserver.json.JsonBodies;

/** JSON responses, and failures as KServe's {@code {"error": ...}} with its status mapping. */
public final class JsonResponses {
  private JsonResponses() {}

  public static HttpResponse ok(JsonNode body) {
    return of(HttpStatus.OK, JsonBodies.toBytes(body));
  }

  public static HttpResponse ok(byte[] body) {
    return of(HttpStatus.OK, body);
  }

  public static HttpResponse of(HttpStatus status, JsonNode body) {
    return of(status, JsonBodies.toBytes(body));
  }

  /** The response for a failed request; anything but a {@link ServingException} is a 500. */
  public static HttpResponse error(Throwable cause) {
    if (cause instanceof ServingException serving) {
      return error(status(serving.kind()), serving.getMessage());
    }
    // KServe's server reports an unexpected exception by its type and message.
    return error(
        HttpStatus.INTERNAL_SERVER_ERROR, cause.getClass().getSimpleName() + " : " + cause.getMessage());
  }

  public static HttpResponse error(HttpStatus status, String message) {
    return of(status, JsonBodies.object().put("error", message));
  }

  public static HttpStatus status(ErrorKind kind) {
    return switch (kind) {
      case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
      case MODEL_NOT_FOUND -> HttpStatus.NOT_FOUND;
      case MODEL_NOT_READY, SERVER_NOT_READY -> HttpStatus.SERVICE_UNAVAILABLE;
      case NOT_IMPLEMENTED -> HttpStatus.NOT_IMPLEMENTED;
      case INFERENCE_FAILED -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  private static HttpResponse of(HttpStatus status, byte[] body) {
    return HttpResponse.of(status, MediaType.JSON, body);
  }
}
