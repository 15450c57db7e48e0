package dev.kanary.server.storage;

import java.io.IOException;
import java.net.URI;

/** A download answered with a status other than 2xx (after following redirects). */
final class HttpStatusException extends IOException {
  private final int status;

  HttpStatusException(int status, URI requested, URI answered) {
    super("HTTP " + status + (answered.equals(requested) ? "" : " from " + answered));
    this.status = status;
  }

  int status() {
    return status;
  }
}
