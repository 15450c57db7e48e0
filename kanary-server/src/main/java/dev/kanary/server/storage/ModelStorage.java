package dev.kanary.server.storage;

import dev.kanary.server.storage.StorageSource.Gcs;
import dev.kanary.server.storage.StorageSource.Http;
import dev.kanary.server.storage.StorageSource.Local;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage initializer: turns a storageUri into a local directory holding the model files, the
 * directory a model server gets as its model dir (KServe's {@code /mnt/models}).
 *
 * <ul>
 *   <li>A local directory ({@code file:///abs/dir}, {@code /abs/dir}, {@code rel/dir}) is used in
 *       place; a local file is exposed as a cache directory holding a hard link to it, or a copy.
 *   <li>{@code http(s)://} fetches one file, kept under the last segment of the URL path, or a
 *       {@code .tar.gz}, {@code .tgz}, {@code .tar} or {@code .zip} archive, which is unpacked.
 *   <li>{@code gs://bucket/path} reads Cloud Storage's public endpoint: every object under {@code
 *       path/} when the bucket can be listed, else the one object {@code path}.
 * </ul>
 *
 * <p>Downloads go into a content cache keyed by a hash of the URI, so a second fetch of a URI
 * reuses the first. An entry is filled in a staging directory and renamed into place in one step:
 * a crash mid-download never leaves an entry that looks complete, and fetches of the same URI wait
 * for each other. A cache entry is shared: model servers must not write into their model directory.
 */
public final class ModelStorage {
  /** Cloud Storage's public endpoint. */
  public static final URI GCS_ENDPOINT = URI.create("https://storage.googleapis.com");

  /** How long a download may go without receiving a byte. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(ModelStorage.class);
  private static final String STAGING = ".staging";

  private final Path cacheDir;
  private final Path stagingDir;
  private final Path baseDir;
  private final HttpDownloader http;
  private final CloudStorage gcs;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** A storage whose relative paths are relative to the working directory. */
  public ModelStorage(Path cacheDir, HttpClient client) {
    this(builder(cacheDir).httpClient(client));
  }

  private ModelStorage(Builder builder) {
    this.cacheDir = builder.cacheDir.toAbsolutePath().normalize();
    this.stagingDir = cacheDir.resolve(STAGING);
    this.baseDir = builder.baseDir.toAbsolutePath().normalize();
    HttpClient client =
        builder.client != null
            ? builder.client
            : HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(builder.timeout)
                .build();
    this.http = new HttpDownloader(client, builder.timeout);
    this.gcs = new CloudStorage(builder.gcsEndpoint, http);
    try {
      Files.createDirectories(stagingDir);
    } catch (IOException e) {
      throw new StorageException("cannot create the model cache " + stagingDir + ": " + e, e);
    }
    removeAbandonedStaging();
  }

  public static Builder builder(Path cacheDir) {
    return new Builder(cacheDir);
  }

  /**
   * The local directory holding the model {@code storageUri} names; a relative path is relative to
   * the base directory this storage was built with.
   *
   * @throws StorageException naming the URI and the cause
   */
  public Path fetch(String storageUri) {
    return fetch(storageUri, baseDir);
  }

  /**
   * The local directory holding the model {@code storageUri} names; a relative path is relative to
   * {@code baseDir}.
   *
   * @throws StorageException naming the URI and the cause
   */
  public Path fetch(String storageUri, Path baseDir) {
    StorageSource source = StorageUris.parse(storageUri, baseDir);
    try {
      return switch (source) {
        case Local local -> local(local.path());
        case Http remote ->
            cached(storageUri, key("uri", storageUri),
                (model, work) -> downloadObject(remote.uri(), remote.fileName(), model, work));
        case Gcs object ->
            cached(storageUri, key("uri", storageUri),
                (model, work) -> downloadGcs(object, model, work));
      };
    } catch (IOException e) {
      throw failure(storageUri, e);
    } catch (UncheckedIOException e) {
      throw failure(storageUri, e.getCause());
    }
  }

  private Path local(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return path;
    }
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString());
    }
    if (!Files.isRegularFile(path)) {
      throw new IOException(path + " is neither a file nor a directory");
    }
    // The file's identity and version are in the key: a model replaced in place gets a new entry.
    BasicFileAttributes file = Files.readAttributes(path, BasicFileAttributes.class);
    String identity =
        path + "\0" + file.size() + "\0" + file.lastModifiedTime() + "\0" + file.fileKey();
    return cached(path.toString(), key("file", identity),
        (model, work) -> linkOrCopy(path, model.resolve(path.getFileName())));
  }

  private void downloadObject(URI uri, String fileName, Path model, Path work) throws IOException {
    Optional<ArchiveFormat> format = ArchiveFormat.of(fileName);
    if (format.isEmpty()) {
      http.download(uri, model.resolve(fileName));
      return;
    }
    Path archive = work.resolve(fileName);
    http.download(uri, archive);
    Archives.unpack(archive, format.get(), model);
  }

  /** Every object under {@code object/} as KServe does, else the object itself. */
  private void downloadGcs(Gcs source, Path model, Path work) throws IOException {
    String prefix = source.object().isEmpty() ? "" : source.object() + "/";
    List<String> names =
        listOrEmpty(source.bucket(), prefix, work.resolve("listing.json")).stream()
            .map(name -> name.substring(prefix.length()))
            .filter(name -> !name.isEmpty() && !name.endsWith("/"))
            .toList();
    for (String name : names) {
      Archives.resolveInside(model, name, "object");
    }
    if (names.isEmpty()) {
      if (source.object().isEmpty()) {
        throw new IOException("no objects in bucket " + source.bucket());
      }
      String fileName = source.object().substring(source.object().lastIndexOf('/') + 1);
      downloadObject(gcs.objectUri(source.bucket(), source.object()), fileName, model, work);
    } else if (names.size() == 1 && !names.getFirst().contains("/")) {
      // A lone archive under a prefix is unpacked, as KServe does.
      String name = names.getFirst();
      downloadObject(gcs.objectUri(source.bucket(), prefix + name), name, model, work);
    } else {
      for (String name : names) {
        Path file = Archives.resolveInside(model, name, "object");
        Files.createDirectories(file.getParent());
        http.download(gcs.objectUri(source.bucket(), prefix + name), file);
      }
    }
  }

  private List<String> listOrEmpty(String bucket, String prefix, Path scratch) throws IOException {
    try {
      return gcs.list(bucket, prefix, scratch);
    } catch (HttpStatusException e) {
      // A bucket that cannot be listed anonymously may still serve its objects.
      log.debug("Cannot list gs://{}/{} ({}); fetching one object", bucket, prefix, e.getMessage());
      return List.of();
    }
  }

  private Path cached(String storageUri, String key, Filler filler) throws IOException {
    Path entry = cacheDir.resolve(key);
    if (Files.isDirectory(entry)) {
      return entry;
    }
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      if (Files.isDirectory(entry)) {
        return entry;
      }
      String owner = key + "." + ProcessHandle.current().pid() + ".";
      Path work = Files.createTempDirectory(stagingDir, owner);
      try {
        Path model = Files.createDirectory(work.resolve("model"));
        filler.fill(model, work);
        publish(model, entry);
        log.info("Fetched model {} into {}", storageUri, entry);
        return entry;
      } finally {
        deleteTree(work);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Renames a filled staging directory into place; another process may have got there first. */
  private static void publish(Path model, Path entry) throws IOException {
    try {
      Files.move(model, entry, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!Files.isDirectory(entry)) {
        throw e;
      }
    }
  }

  private static void linkOrCopy(Path source, Path target) throws IOException {
    try {
      Files.createLink(target, source);
    } catch (IOException | UnsupportedOperationException e) {
      // Another file system, or a file this user may not link to (protected_hardlinks).
      Files.copy(source, target);
    }
  }

  /** Deletes staging directories whose process is gone: what a crash mid-download left behind. */
  private void removeAbandonedStaging() {
    try (Stream<Path> staged = Files.list(stagingDir)) {
      for (Path work : staged.toList()) {
        String[] parts = work.getFileName().toString().split("\\.");
        Optional<ProcessHandle> owner =
            parts.length == 3 && parts[1].matches("\\d{1,18}")
                ? ProcessHandle.of(Long.parseLong(parts[1]))
                : Optional.empty();
        if (owner.isEmpty() || !owner.get().isAlive()) {
          deleteTree(work);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      log.warn("Cannot clean the model cache's staging directory {}: {}", stagingDir, e.toString());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static String key(String kind, String identity) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha256.digest((kind + "\0" + identity).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static StorageException failure(String storageUri, IOException cause) {
    String reason = switch (cause) {
      case NoSuchFileException missing -> missing.getFile() + " does not exist";
      default -> Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName());
    };
    return new StorageException("cannot fetch model from " + storageUri + ": " + reason, cause);
  }

  @FunctionalInterface
  private interface Filler {
    /** Fills {@code model}, the future cache entry; {@code work} is scratch space beside it. */
    void fill(Path model, Path work) throws IOException;
  }

  /** Options beyond the cache directory, all with defaults. */
  public static final class Builder {
    private final Path cacheDir;
    private HttpClient client;
    private Path baseDir = Path.of("");
    private URI gcsEndpoint = GCS_ENDPOINT;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder(Path cacheDir) {
      this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /** The client for downloads; by default one that follows redirects. */
    public Builder httpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** What a relative path is relative to; the working directory by default. */
    public Builder baseDir(Path baseDir) {
      this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
      return this;
    }

    /** Where {@code gs://} URIs are read; {@link #GCS_ENDPOINT} by default. */
    public Builder gcsEndpoint(URI gcsEndpoint) {
      this.gcsEndpoint = Objects.requireNonNull(gcsEndpoint, "gcsEndpoint");
      return this;
    }

    /** How long a download may go without receiving a byte; {@link #DEFAULT_TIMEOUT} by default. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public ModelStorage build() {
      return new ModelStorage(this);
    }
  }
}
