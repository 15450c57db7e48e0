package dev.kanary.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import dev.kanary.core.json.Documents;
import dev.kanary.core.json.Documents.MalformedDocumentException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** Reads request bodies: bounded in size, JSON or YAML, exactly one object. */
public final class RequestBodies {
  /** The largest body the API takes, as the Kubernetes API server's default limit for a write. */
  public static final long MAX_BYTES = 1L << 20;

  private RequestBodies() {}

  /**
   * The whole body, refused with 413 as soon as it is known to be larger than {@code limit}: from
   * its Content-Length, or while it streams in when it is chunked.
   */
  public static CompletableFuture<byte[]> read(HttpRequest request, long limit) {
    long declared = request.headers().contentLength();
    if (declared > limit) {
      request.abort(ApiException.tooLarge(limit));
      return CompletableFuture.failedFuture(ApiException.tooLarge(limit));
    }
    LimitedBody body = new LimitedBody(limit);
    request.subscribe(body);
    return body.result;
  }

  /** Collects the body's data, and cancels the request once it passes the limit. */
  private static final class LimitedBody implements Subscriber<HttpObject> {
    private final long limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Subscription subscription;

    LimitedBody(long limit) {
      this.limit = limit;
    }

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(HttpObject object) {
      if (result.isDone() || !(object instanceof HttpData data)) {
        return;
      }
      if (bytes.size() + (long) data.length() > limit) {
        subscription.cancel();
        result.completeExceptionally(ApiException.tooLarge(limit));
        return;
      }
      bytes.writeBytes(data.array());
    }

    @Override
    public void onError(Throwable cause) {
      result.completeExceptionally(cause);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }

  /**
   * The one object of a JSON or YAML body. The media type is not trusted: JSON is YAML, so the
   * YAML reader takes both, and errors name the line and column either way.
   *
   * @throws ApiException 400 BadRequest when the body is empty, malformed, not one document, or not
   *     an object
   */
  public static ObjectNode parseObject(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw ApiException.badRequest(
          "the request body is empty: send the object as JSON or YAML");
    }
    List<JsonNode> documents;
    try {
      documents = Documents.read(text);
    } catch (MalformedDocumentException e) {
      throw ApiException.badRequest(
          "the request body is not valid JSON or YAML: " + e.getMessage());
    }
    if (documents.size() != 1) {
      throw ApiException.badRequest("the request body holds " + documents.size()
          + " documents; send exactly one object per request");
    }
    JsonNode document = documents.get(0);
    if (!document.isObject()) {
      throw ApiException.badRequest("the request body must be an object (a JSON object or YAML"
          + " mapping), not " + document.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return (ObjectNode) document;
  }
}
