package dev.kanary.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.server.storage.StorageSource.Gcs;
import dev.kanary.server.storage.StorageSource.Http;
import dev.kanary.server.storage.StorageSource.Local;
import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorageUrisTest {
  private static final Path BASE = Path.of("/srv/kanary");

  static Stream<Arguments> parsed() {
    return Stream.of(
        argumentSet("absolute path", "/models/iris", new Local(Path.of("/models/iris"))),
        argumentSet("relative path", "examples/models/iris/model-1",
            new Local(Path.of("/srv/kanary/examples/models/iris/model-1"))),
        argumentSet("relative path, normalized", "./models/../models/iris/",
            new Local(Path.of("/srv/kanary/models/iris"))),
        argumentSet("file:/// is absolute", "file:///models/iris/model.onnx",
            new Local(Path.of("/models/iris/model.onnx"))),
        argumentSet("file:// then a relative path, as KServe reads it", "file://models/iris",
            new Local(Path.of("/srv/kanary/models/iris"))),
        argumentSet("FILE:// in capitals", "FILE:///models", new Local(Path.of("/models"))),
        argumentSet("a colon in a path is no scheme", "models/v1:2",
            new Local(Path.of("/srv/kanary/models/v1:2"))),
        argumentSet("http file", "http://127.0.0.1:8000/m/model.onnx",
            new Http(URI.create("http://127.0.0.1:8000/m/model.onnx"), "model.onnx")),
        argumentSet("https archive with a query", "https://h.example/a/model.tar.gz?sig=x+y",
            new Http(URI.create("https://h.example/a/model.tar.gz?sig=x+y"), "model.tar.gz")),
        argumentSet("percent-encoded name", "http://h/my%20model+v2.onnx",
            new Http(URI.create("http://h/my%20model+v2.onnx"), "my model+v2.onnx")),
        argumentSet("gs object", "gs://kfserving-examples/models/sklearn/1.0/model",
            new Gcs("kfserving-examples", "models/sklearn/1.0/model")),
        argumentSet("gs trailing slash", "gs://bucket/models/iris/",
            new Gcs("bucket", "models/iris")),
        argumentSet("gs whole bucket", "gs://bucket", new Gcs("bucket", "")));
  }

  @ParameterizedTest
  @MethodSource
  void parsed(String storageUri, StorageSource expected) {
    assertThat(StorageUris.parse(storageUri, BASE)).isEqualTo(expected);
  }

  static Stream<Arguments> refused() {
    String forms = "use file://, a path, http(s):// or gs://";
    return Stream.of(
        argumentSet("unknown scheme", "foo://x",
            "storageUri \"foo://x\": unsupported scheme foo; " + forms),
        argumentSet("s3", "s3://bucket/model",
            "storageUri \"s3://bucket/model\": unsupported scheme s3; " + forms),
        argumentSet("pvc", "pvc://claim/model",
            "storageUri \"pvc://claim/model\": unsupported scheme pvc; " + forms),
        argumentSet("empty", "", "storageUri is empty; " + forms),
        argumentSet("blank", "  ", "storageUri is empty; " + forms),
        argumentSet("file:// alone", "file://", "storageUri \"file://\": no path; " + forms),
        argumentSet("a NUL in a path", "models/\0", "storageUri \"models/\0\": not a valid path"),
        argumentSet("http without a file name", "http://127.0.0.1:8000/models/",
            "storageUri \"http://127.0.0.1:8000/models/\": the URL path names no file;"
                + " point it at a model file or an archive"),
        argumentSet("http without a path", "https://h.example",
            "storageUri \"https://h.example\": the URL path names no file"),
        argumentSet("http name that is a path", "http://h/a%2F..%2Fevil",
            "storageUri \"http://h/a%2F..%2Fevil\": the URL path ends in \"a/../evil\","
                + " which is no file name"),
        argumentSet("http name ..", "http://h/a/%2E%2E",
            "storageUri \"http://h/a/%2E%2E\": the URL path ends in \"..\""),
        argumentSet("http with a space", "http://h/my model.onnx",
            "storageUri \"http://h/my model.onnx\": not a valid URL: Illegal character in path"
                + " at index 11"),
        argumentSet("http without a host", "http:///model.onnx",
            "storageUri \"http:///model.onnx\": the URL has no host"),
        argumentSet("gs without a bucket", "gs:///model",
            "storageUri \"gs:///model\": \"\" is not a bucket name"),
        argumentSet("gs bucket in capitals", "gs://Bucket/model",
            "storageUri \"gs://Bucket/model\": \"Bucket\" is not a bucket name"
                + " (3 to 222 characters of a-z, 0-9, '.', '_', '-')"));
  }

  @ParameterizedTest
  @MethodSource
  void refused(String storageUri, String message) {
    assertThatThrownBy(() -> StorageUris.parse(storageUri, BASE))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith(message);
  }
}
