package dev.kanary.server.api;

import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.StoreException;

/** A request the API refuses; its {@link KubeStatus} is the whole answer. */
public final class ApiException extends RuntimeException {
  private final KubeStatus status;

  public ApiException(KubeStatus status) {
    super(status.message());
    this.status = status;
  }

  public KubeStatus status() {
    return status;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(KubeStatus.of(400, "BadRequest", message));
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(KubeStatus.of(401, "Unauthorized", message));
  }

  public static ApiException notFound(String message) {
    return new ApiException(KubeStatus.of(404, "NotFound", message));
  }

  public static ApiException notFound(ResourceType type, String name) {
    return new ApiException(
        KubeStatus.of(404, "NotFound", qualified(type) + " \"" + name + "\" not found")
            .withDetails(KubeStatus.Details.of(type, name)));
  }

  public static ApiException methodNotAllowed(String method, String path, String hint) {
    return new ApiException(KubeStatus.of(405, "MethodNotAllowed",
        "the server does not allow this method on the requested resource: " + method + " " + path
            + "; " + hint));
  }

  public static ApiException tooLarge(long limit) {
    return new ApiException(KubeStatus.of(413, "RequestEntityTooLarge",
        "the request body is larger than the limit of " + limit + " bytes;"
            + " send one object at a time"));
  }

  public static ApiException unsupportedMediaType(String got, String accepted) {
    return new ApiException(KubeStatus.of(415, "UnsupportedMediaType",
        "the body of the request was in an unknown format (" + got + ")"
            + " - accepted media types include: " + accepted));
  }

  public static ApiException invalid(ResourceType type, String name, String message) {
    return new ApiException(KubeStatus.of(422, "Invalid", message)
        .withDetails(KubeStatus.Details.of(type, name)));
  }

  /** The store's refusal; the store already words it as the API server does. */
  public static ApiException from(StoreException e, ResourceType type, String name) {
    StoreException.Reason reason = e.reason();
    KubeStatus status = KubeStatus.of(reason.httpStatus(), reason.statusReason(), e.getMessage());
    return new ApiException(status.withDetails(KubeStatus.Details.of(type, name)));
  }

  /** {@code inferenceservices.serving.kserve.io}, the API server's name for a resource. */
  static String qualified(ResourceType type) {
    return type.plural() + "." + type.group();
  }
}
