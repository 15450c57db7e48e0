package dev.kanary.server.storage;

import com.sun.net.httpserver.HttpExchange;
import dev.kanary.core.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One public bucket as Cloud Storage serves it: objects at {@code /{bucket}/{name}} and a JSON API
 * listing at {@code /storage/v1/b/{bucket}/o}, one object per page so that paging is exercised.
 */
final class FakeGcs {
  private final TestHttpServer server;
  private final String bucket;
  private final Map<String, byte[]> objects = new TreeMap<>();
  private volatile boolean listable = true;

  FakeGcs(TestHttpServer server, String bucket) {
    this.server = server;
    this.bucket = bucket;
    server.route("/storage/v1/b/" + bucket + "/o", this::list);
  }

  FakeGcs object(String name, byte[] content) {
    objects.put(name, content);
    server.file("/" + bucket + "/" + name, content);
    return this;
  }

  FakeGcs object(String name, String content) {
    return object(name, content.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Listing without credentials refused, as for a bucket whose objects alone are public. */
  void forbidListing() {
    listable = false;
  }

  private void list(HttpExchange exchange) throws IOException {
    if (!listable) {
      TestHttpServer.respond(exchange, 403, "{\"error\":{\"code\":403}}".getBytes());
      return;
    }
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String prefix = query.getOrDefault("prefix", "");
    List<String> names = objects.keySet().stream().filter(name -> name.startsWith(prefix)).toList();
    int page = Integer.parseInt(query.getOrDefault("pageToken", "0"));
    Map<String, Object> body = new HashMap<>();
    if (page < names.size()) {
      body.put("items", List.of(Map.of("name", names.get(page))));
    }
    if (page + 1 < names.size()) {
      body.put("nextPageToken", String.valueOf(page + 1));
    }
    TestHttpServer.respond(exchange, 200, Json.json().writeValueAsBytes(body));
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> parameters = new HashMap<>();
    for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      parameters.put(
          URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }
}
