package dev.kanary.server.storage;

import static dev.kanary.server.storage.TestFiles.snapshot;
import static dev.kanary.server.storage.TestFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelStorageTest {
  private static final byte[] IRIS = TestFiles.irisModel();
  private static final String FORMS = "use file://, a path, http(s):// or gs://";
  private static final Map<String, String> IRIS_ONLY = Map.of("model.onnx", text(IRIS));
  private static final Map<String, String> IRIS_AND_LABELS =
      Map.of("model.onnx", text(IRIS), "extra/labels.txt", "setosa\nversicolor\nvirginica\n");

  @TempDir Path tmp;

  private Path models;
  private Path cache;
  private TestHttpServer server;
  private String refusedBase;

  @BeforeEach
  void setUp() throws IOException {
    models = Files.createDirectories(tmp.resolve("models"));
    Files.write(Files.createDirectories(models.resolve("iris")).resolve("model.onnx"), IRIS);
    cache = tmp.resolve("cache");
    server = TestHttpServer.start();
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refusedBase = "http://127.0.0.1:" + closed.getLocalPort();
    }

    byte[] irisTar =
        new TarWriter()
            .file("model.onnx", IRIS)
            .directory("extra/")
            .file("extra/labels.txt", IRIS_AND_LABELS.get("extra/labels.txt"))
            .toBytes();
    server.file("/iris/model.onnx", IRIS);
    server.file("/iris.tar.gz", TarWriter.gzip(irisTar));
    server.file("/iris.tgz", TarWriter.gzip(irisTar));
    server.file("/iris.tar", irisTar);
    server.file("/iris.zip", TestFiles.zip(IRIS_AND_LABELS));
    server.status("/missing.onnx", 404);
    server.status("/broken.onnx", 500);
    server.redirect("/moved.onnx", 302, "/iris/model.onnx");
    server.redirect("/moved-permanently.tar.gz", 308, server.base() + "/iris.tar.gz");
    server.redirect("/moved-to-missing.onnx", 301, "/missing.onnx");
    server.redirect("/loop.onnx", 307, "/loop.onnx");
    server.file(
        "/evil.tar.gz", new TarWriter().file("model.onnx", IRIS).file("../evil", "x").toGzip());
    server.file("/absolute.tar.gz", new TarWriter().file("/tmp/evil", "x").toGzip());
    server.file("/evil.zip", TestFiles.zip(Map.of("../evil", "x")));
    server.file(
        "/link-out.tar",
        new TarWriter().symlink("model.onnx", "../../../etc/passwd").toBytes());
    server.file("/html.tar.gz", "<html>not found</html>".getBytes());

    new FakeGcs(server, "models-bucket")
        .object("iris/model.onnx", IRIS)
        .object("iris/extra/labels.txt", IRIS_AND_LABELS.get("extra/labels.txt"))
        .object("archived/iris.tar.gz", TarWriter.gzip(irisTar))
        .object("packed/model.tar.gz", TarWriter.gzip(irisTar))
        .object("with folder/", "")
        .object("with folder/model.onnx", IRIS)
        .object("bad/../../evil", "x");
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  sealed interface Outcome {}

  /** The directory is the local one, used in place. */
  record InPlace(String path) implements Outcome {}

  /** A cache directory holding exactly these files. */
  record Holds(Map<String, String> files) implements Outcome {}

  record Fails(String message) implements Outcome {}

  static Stream<Arguments> forms() {
    return Stream.of(
        argumentSet("absolute directory", "{models}/iris", new InPlace("{models}/iris")),
        argumentSet("file:/// directory", "file://{models}/iris", new InPlace("{models}/iris")),
        argumentSet("relative directory", "iris/", new InPlace("{models}/iris")),
        argumentSet("file:// relative directory", "file://./iris", new InPlace("{models}/iris")),
        argumentSet("absolute file", "{models}/iris/model.onnx", new Holds(IRIS_ONLY)),
        argumentSet("file:/// file", "file://{models}/iris/model.onnx", new Holds(IRIS_ONLY)),
        argumentSet("relative file", "iris/model.onnx", new Holds(IRIS_ONLY)),
        argumentSet("missing path", "{models}/nope",
            new Fails("cannot fetch model from {models}/nope: {models}/nope does not exist")),
        argumentSet("missing relative path", "file://nope/model.onnx",
            new Fails("cannot fetch model from file://nope/model.onnx:"
                + " {models}/nope/model.onnx does not exist")),
        argumentSet("http file", "{http}/iris/model.onnx", new Holds(IRIS_ONLY)),
        argumentSet("http .tar.gz", "{http}/iris.tar.gz", new Holds(IRIS_AND_LABELS)),
        argumentSet("http .tgz", "{http}/iris.tgz", new Holds(IRIS_AND_LABELS)),
        argumentSet("http .tar", "{http}/iris.tar", new Holds(IRIS_AND_LABELS)),
        argumentSet("http .zip", "{http}/iris.zip", new Holds(IRIS_AND_LABELS)),
        argumentSet("http redirect, kept under the requested name", "{http}/moved.onnx",
            new Holds(Map.of("moved.onnx", text(IRIS)))),
        argumentSet("http permanent redirect to an archive", "{http}/moved-permanently.tar.gz",
            new Holds(IRIS_AND_LABELS)),
        argumentSet("http 404", "{http}/missing.onnx",
            new Fails("cannot fetch model from {http}/missing.onnx: HTTP 404")),
        argumentSet("http 500", "{http}/broken.onnx",
            new Fails("cannot fetch model from {http}/broken.onnx: HTTP 500")),
        argumentSet("http redirect to a 404", "{http}/moved-to-missing.onnx",
            new Fails("cannot fetch model from {http}/moved-to-missing.onnx:"
                + " HTTP 404 from {http}/missing.onnx")),
        argumentSet("http redirect loop", "{http}/loop.onnx",
            new Fails("cannot fetch model from {http}/loop.onnx: more than 10 redirects")),
        argumentSet("archive entry ../", "{http}/evil.tar.gz",
            new Fails("cannot fetch model from {http}/evil.tar.gz: refusing archive entry"
                + " \"../evil\": it points outside the model directory")),
        argumentSet("archive entry absolute", "{http}/absolute.tar.gz",
            new Fails("cannot fetch model from {http}/absolute.tar.gz: refusing archive entry"
                + " \"/tmp/evil\": it is an absolute path")),
        argumentSet("zip entry ../", "{http}/evil.zip",
            new Fails("cannot fetch model from {http}/evil.zip: refusing archive entry"
                + " \"../evil\": it points outside the model directory")),
        argumentSet("archive symlink out", "{http}/link-out.tar",
            new Fails("cannot fetch model from {http}/link-out.tar: refusing archive entry"
                + " \"model.onnx\": it links to \"../../../etc/passwd\", outside the model"
                + " directory")),
        argumentSet("not an archive", "{http}/html.tar.gz",
            new Fails("cannot fetch model from {http}/html.tar.gz: html.tar.gz is not"
                + " gzip-compressed")),
        argumentSet("connection refused", "{refused}/m.onnx",
            new Fails("cannot fetch model from {refused}/m.onnx: connection refused")),
        argumentSet("unknown host", "http://no-such-host.invalid/m.onnx",
            new Fails("cannot fetch model from http://no-such-host.invalid/m.onnx:"
                + " unknown host no-such-host.invalid")),
        argumentSet("unsupported scheme", "foo://x",
            new Fails("storageUri \"foo://x\": unsupported scheme foo; " + FORMS)),
        argumentSet("gs object", "gs://models-bucket/iris/model.onnx", new Holds(IRIS_ONLY)),
        argumentSet("gs directory, listed page by page", "gs://models-bucket/iris",
            new Holds(IRIS_AND_LABELS)),
        argumentSet("gs directory with a folder placeholder and a space",
            "gs://models-bucket/with folder/", new Holds(IRIS_ONLY)),
        argumentSet("gs archive object", "gs://models-bucket/archived/iris.tar.gz",
            new Holds(IRIS_AND_LABELS)),
        argumentSet("gs directory holding one archive", "gs://models-bucket/packed",
            new Holds(IRIS_AND_LABELS)),
        argumentSet("gs missing object", "gs://models-bucket/nothing/model.onnx",
            new Fails("cannot fetch model from gs://models-bucket/nothing/model.onnx: HTTP 404")),
        argumentSet("gs missing bucket", "gs://other-bucket/model.onnx",
            new Fails("cannot fetch model from gs://other-bucket/model.onnx: HTTP 404")),
        argumentSet("gs object name climbing out", "gs://models-bucket/bad",
            new Fails("cannot fetch model from gs://models-bucket/bad: refusing object"
                + " \"../../evil\": it points outside the model directory")));
  }

  @ParameterizedTest
  @MethodSource
  void forms(String uriTemplate, Outcome expected) {
    ModelStorage storage = storage(Duration.ofSeconds(10));
    String storageUri = fill(uriTemplate);

    switch (expected) {
      case InPlace(String path) ->
          assertThat(storage.fetch(storageUri)).isEqualTo(Path.of(fill(path)));
      case Holds(Map<String, String> files) -> {
        Path dir = storage.fetch(storageUri);
        assertThat(dir).startsWith(cache);
        assertThat(snapshot(dir)).isEqualTo(files);
      }
      case Fails(String message) ->
          assertThatThrownBy(() -> storage.fetch(storageUri))
              .isInstanceOf(StorageException.class)
              .hasMessage(fill(message));
    }
    assertThat(TestFiles.find(tmp, "evil")).isEmpty();
    assertThat(cache.resolve(".staging")).isEmptyDirectory();
  }

  @Test
  void secondFetchUsesTheCache() throws IOException {
    String uri = server.base() + "/iris.tar.gz";
    Path first = storage(Duration.ofSeconds(10)).fetch(uri);

    Path again = storage(Duration.ofSeconds(10)).fetch(uri);

    assertThat(again).isEqualTo(first);
    assertThat(server.requests("/iris.tar.gz")).isEqualTo(1);
    try (Stream<Path> entries = Files.list(cache)) {
      assertThat(entries.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder(".staging", first.getFileName().toString());
    }
  }

  @Test
  void concurrentFetchesOfOneUriDownloadOnce() throws Exception {
    server.slow("/slow.tar.gz", TarWriter.gzip(new TarWriter().file("model.onnx", IRIS).toBytes()),
        Duration.ofMillis(300));
    ModelStorage storage = storage(Duration.ofSeconds(10));
    String uri = server.base() + "/slow.tar.gz";

    List<Path> dirs;
    try (ExecutorService threads = Executors.newFixedThreadPool(6)) {
      List<Callable<Path>> fetches =
          IntStream.range(0, 6).<Callable<Path>>mapToObj(i -> () -> storage.fetch(uri)).toList();
      dirs = threads.invokeAll(fetches).stream().map(ModelStorageTest::get).toList();
    }

    assertThat(dirs).hasSize(6).containsOnly(dirs.getFirst());
    assertThat(snapshot(dirs.getFirst())).isEqualTo(IRIS_ONLY);
    assertThat(server.requests("/slow.tar.gz")).isEqualTo(1);
  }

  @Test
  void aStalledDownloadTimesOutAndLeavesNoEntry() {
    server.stall("/stall.onnx", new byte[10], 1000);
    ModelStorage storage = storage(Duration.ofMillis(300));
    String uri = server.base() + "/stall.onnx";
    Instant start = Instant.now();

    assertThatThrownBy(() -> storage.fetch(uri))
        .isInstanceOf(StorageException.class)
        .hasMessage("cannot fetch model from " + uri + ": no data for 300 ms");

    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    assertOnlyStaging();
    server.file("/stall.onnx", IRIS);
    assertThat(snapshot(storage.fetch(uri))).isEqualTo(Map.of("stall.onnx", text(IRIS)));
  }

  @Test
  void aDroppedConnectionFailsAndIsTriedAgainNextTime() {
    server.cut("/cut.tar.gz", new byte[100], 5000);
    ModelStorage storage = storage(Duration.ofSeconds(10));
    String uri = server.base() + "/cut.tar.gz";

    assertThatThrownBy(() -> storage.fetch(uri))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("cannot fetch model from " + uri + ": ");

    assertOnlyStaging();
    server.file("/cut.tar.gz", TarWriter.gzip(new TarWriter().file("model.onnx", IRIS).toBytes()));
    assertThat(snapshot(storage.fetch(uri))).isEqualTo(IRIS_ONLY);
    assertThat(server.requests("/cut.tar.gz")).isEqualTo(2);
  }

  @Test
  void aFailureIsNotCached() {
    ModelStorage storage = storage(Duration.ofSeconds(10));
    String uri = server.base() + "/later.onnx";
    assertThatThrownBy(() -> storage.fetch(uri)).hasMessageEndingWith(": HTTP 404");

    server.file("/later.onnx", IRIS);

    assertThat(snapshot(storage.fetch(uri))).isEqualTo(Map.of("later.onnx", text(IRIS)));
  }

  @Test
  void stagingLeftByADeadProcessIsRemovedAndALiveOnesIsKept() throws Exception {
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    Path abandoned = cache.resolve(".staging/0123abcd." + exited.pid() + ".42");
    Files.createDirectories(abandoned.resolve("model"));
    Files.write(abandoned.resolve("model/model.onnx"), new byte[10]);
    Path live = cache.resolve(".staging/0123abcd." + ProcessHandle.current().pid() + ".43");
    Files.createDirectories(live);

    storage(Duration.ofSeconds(10));

    assertThat(abandoned).doesNotExist();
    assertThat(live).exists();
  }

  @Test
  void aLocalFileIsHardLinkedAndAChangeMakesANewEntry() throws IOException {
    ModelStorage storage = storage(Duration.ofSeconds(10));
    Path model = models.resolve("iris/model.onnx");

    Path first = storage.fetch(model.toString());

    assertThat(Files.isSameFile(first.resolve("model.onnx"), model)).isTrue();
    assertThat(storage.fetch(model.toString())).isEqualTo(first);

    Path replacement = Files.writeString(models.resolve("new.onnx"), "v2");
    Files.setLastModifiedTime(replacement, FileTime.from(Instant.now().plusSeconds(60)));
    Files.move(replacement, model, StandardCopyOption.REPLACE_EXISTING);
    Path second = storage.fetch(model.toString());

    assertThat(second).isNotEqualTo(first);
    assertThat(snapshot(second)).isEqualTo(Map.of("model.onnx", "v2"));
    assertThat(snapshot(first)).isEqualTo(IRIS_ONLY);
  }

  @Test
  void aBucketThatCannotBeListedServesItsObject() {
    FakeGcs bucket = new FakeGcs(server, "private-listing").object("m/model.onnx", IRIS);
    bucket.forbidListing();

    Path dir = storage(Duration.ofSeconds(10)).fetch("gs://private-listing/m/model.onnx");

    assertThat(snapshot(dir)).isEqualTo(IRIS_ONLY);
  }

  @Test
  void thePublicConstructorResolvesAgainstTheWorkingDirectoryAndFollowsRedirects() {
    ModelStorage storage = new ModelStorage(cache, HttpClient.newHttpClient());

    assertThat(storage.fetch("src")).isEqualTo(Path.of("src").toAbsolutePath());
    assertThat(snapshot(storage.fetch(server.base() + "/moved.onnx")))
        .isEqualTo(Map.of("moved.onnx", text(IRIS)));
  }

  @Test
  void aBaseDirectoryPerFetch() {
    ModelStorage storage = storage(Duration.ofSeconds(10));

    assertThat(storage.fetch("model.onnx", models.resolve("iris")).resolve("model.onnx"))
        .hasBinaryContent(IRIS);
  }

  private ModelStorage storage(Duration timeout) {
    return ModelStorage.builder(cache)
        .httpClient(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build())
        .baseDir(models)
        .gcsEndpoint(URI.create(server.base()))
        .timeout(timeout)
        .build();
  }

  private String fill(String template) {
    return template
        .replace("{models}", models.toString())
        .replace("{http}", server.base())
        .replace("{refused}", refusedBase);
  }

  private void assertOnlyStaging() {
    try (Stream<Path> entries = Files.list(cache)) {
      assertThat(entries.map(path -> path.getFileName().toString())).containsExactly(".staging");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(cache.resolve(".staging")).isEmptyDirectory();
  }

  private static <T> T get(Future<T> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
