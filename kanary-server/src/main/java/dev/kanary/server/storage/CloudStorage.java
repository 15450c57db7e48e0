package dev.kanary.server.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Google Cloud Storage through its public endpoints, without credentials, as KServe's initializer
 * reads a public bucket: objects at {@code {endpoint}/{bucket}/{object}}, listings from the JSON
 * API at {@code {endpoint}/storage/v1/b/{bucket}/o}.
 */
final class CloudStorage {
  private final String endpoint;
  private final HttpDownloader http;

  CloudStorage(URI endpoint, HttpDownloader http) {
    this.endpoint = endpoint.toString().replaceAll("/+$", "");
    this.http = http;
  }

  URI objectUri(String bucket, String object) {
    return URI.create(endpoint + "/" + encode(bucket) + "/" + encode(object).replace("%2F", "/"));
  }

  /**
   * The names of every object whose name starts with {@code prefix}, page after page.
   *
   * @throws HttpStatusException when the bucket cannot be listed (missing, or not listable without
   *     credentials)
   */
  List<String> list(String bucket, String prefix, Path scratch) throws IOException {
    List<String> names = new ArrayList<>();
    Set<String> seenTokens = new HashSet<>();
    String token = "";
    do {
      String query = "?prefix=" + encode(prefix) + "&fields=items(name),nextPageToken"
          + (token.isEmpty() ? "" : "&pageToken=" + encode(token));
      String objects = endpoint + "/storage/v1/b/" + encode(bucket) + "/o";
      http.download(URI.create(objects + query), scratch);
      JsonNode page;
      try {
        page = Json.json().readTree(scratch.toFile());
      } catch (IOException e) {
        throw new IOException("an unreadable listing of bucket " + bucket + " (" + e + ")", e);
      }
      for (JsonNode item : page.path("items")) {
        names.add(item.path("name").asText());
      }
      token = page.path("nextPageToken").asText("");
    } while (!token.isEmpty() && seenTokens.add(token));
    return names;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
