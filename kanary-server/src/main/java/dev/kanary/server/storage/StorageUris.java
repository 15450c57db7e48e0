package dev.kanary.server.storage;

import dev.kanary.server.storage.StorageSource.Gcs;
import dev.kanary.server.storage.StorageSource.Http;
import dev.kanary.server.storage.StorageSource.Local;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a storageUri the way KServe's storage initializer does; pure, no I/O. */
final class StorageUris {
  static final String FORMS = "use file://, a path, http(s):// or gs://";

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

  private StorageUris() {}

  /**
   * A relative path, with or without {@code file://} (KServe strips the prefix and keeps the rest),
   * is resolved against {@code baseDir}.
   *
   * @throws StorageException naming the storageUri and what to write instead
   */
  static StorageSource parse(String storageUri, Path baseDir) {
    if (storageUri == null || storageUri.isBlank()) {
      throw new StorageException("storageUri is empty; " + FORMS);
    }
    Matcher scheme = SCHEME.matcher(storageUri);
    if (!scheme.find()) {
      return local(storageUri, storageUri, baseDir);
    }
    String rest = storageUri.substring(scheme.end());
    return switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
      case "file" -> local(storageUri, rest, baseDir);
      case "http", "https" -> http(storageUri);
      case "gs" -> gcs(storageUri, rest);
      default ->
          throw invalid(storageUri, "unsupported scheme " + scheme.group(1) + "; " + FORMS);
    };
  }

  private static Local local(String storageUri, String path, Path baseDir) {
    if (path.isEmpty()) {
      throw invalid(storageUri, "no path; " + FORMS);
    }
    try {
      return new Local(baseDir.resolve(path).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      throw invalid(storageUri, "not a valid path: " + e.getReason());
    }
  }

  private static Http http(String storageUri) {
    URI uri;
    try {
      uri = new URI(storageUri);
    } catch (URISyntaxException e) {
      throw invalid(storageUri, "not a valid URL: " + e.getReason() + " at index " + e.getIndex());
    }
    if (uri.getHost() == null) {
      throw invalid(storageUri, "the URL has no host");
    }
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    String rawName = rawPath.substring(rawPath.lastIndexOf('/') + 1);
    // URLDecoder reads '+' as a space, which is form encoding, not a URL path's.
    String fileName = URLDecoder.decode(rawName.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (fileName.isEmpty()) {
      throw invalid(
          storageUri, "the URL path names no file; point it at a model file or an archive");
    }
    if (fileName.equals(".") || fileName.equals("..") || fileName.contains("/")
        || fileName.indexOf('\0') >= 0) {
      throw invalid(storageUri, "the URL path ends in \"" + fileName + "\", which is no file name");
    }
    return new Http(uri, fileName);
  }

  private static Gcs gcs(String storageUri, String rest) {
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String object = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+|/+$", "");
    if (!BUCKET.matcher(bucket).matches()) {
      String rule = " is not a bucket name (3 to 222 characters of a-z, 0-9, '.', '_', '-')";
      throw invalid(storageUri, "\"" + bucket + "\"" + rule);
    }
    return new Gcs(bucket, object);
  }

  private static StorageException invalid(String storageUri, String reason) {
    return new StorageException("storageUri \"" + storageUri + "\": " + reason);
  }
}
