package dev.kanary.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** The part of a DELETE's optional {@code DeleteOptions} body kanary honours: the precondition. */
final class DeleteOptions {
  private DeleteOptions() {}

  /**
   * {@code preconditions.resourceVersion}, or null when the body is empty or names none.
   *
   * @throws ApiException 400 when the body is malformed or the version is not a number
   */
  static Long preconditionOf(byte[] body) {
    if (new String(body, StandardCharsets.UTF_8).isBlank()) {
      return null;
    }
    JsonNode version =
        RequestBodies.parseObject(body).path("preconditions").path("resourceVersion");
    if (version.isMissingNode() || version.isNull() || version.asText().isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(version.asText());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("preconditions.resourceVersion \"" + version.asText()
          + "\" is not a number: give the object's metadata.resourceVersion");
    }
  }
}
