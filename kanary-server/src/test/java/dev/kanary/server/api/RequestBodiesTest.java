package dev.kanary.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.RequestHeaders;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class RequestBodiesTest {

  @Test
  void readsJson() {
    assertThat(RequestBodies.parseObject(bytes("{\"metadata\":{\"name\":\"a\"}}"))
        .at("/metadata/name").asText()).isEqualTo("a");
  }

  @Test
  void readsYaml() {
    assertThat(RequestBodies.parseObject(bytes("metadata:\n  name: a\n"))
        .at("/metadata/name").asText()).isEqualTo("a");
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        argumentSet("empty", "", "the request body is empty"),
        argumentSet("blank", " \n", "the request body is empty"),
        argumentSet("malformed JSON names line and column", "{\n  \"a\": [1,\n}",
            "the request body is not valid JSON or YAML: line 2, column 10"),
        argumentSet("malformed YAML names line and column", "a: b\n  c: d\n",
            "the request body is not valid JSON or YAML: line 2, column"),
        argumentSet("two documents", "a: 1\n---\nb: 2\n",
            "the request body holds 2 documents; send exactly one object per request"),
        argumentSet("an array", "[1, 2]", "must be an object (a JSON object or YAML mapping),"
            + " not array"),
        argumentSet("a scalar", "hello", "not string"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusesWith400(String body, String message) {
    assertThatThrownBy(() -> RequestBodies.parseObject(bytes(body)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status().code()).isEqualTo(400);
          assertThat(e.status().reason()).isEqualTo("BadRequest");
          assertThat(e.status().message()).contains(message);
        });
  }

  @Test
  void aBodyAtTheLimitIsRead() {
    HttpRequest request = HttpRequest.of(RequestHeaders.of(HttpMethod.POST, "/"),
        HttpData.wrap(new byte[10]));
    assertThat(RequestBodies.read(request, 10).join()).hasSize(10);
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
    HttpRequest request = HttpRequest.of(
        RequestHeaders.builder(HttpMethod.POST, "/").contentLength(11).build(),
        HttpData.wrap(new byte[11]));
    assertTooLarge(() -> RequestBodies.read(request, 10).join());
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedWhileItStreams() {
    HttpRequestWriter request = HttpRequest.streaming(RequestHeaders.of(HttpMethod.POST, "/"));
    var body = RequestBodies.read(request, 10);
    request.write(HttpData.wrap(new byte[6]));
    request.write(HttpData.wrap(new byte[5]));
    // The stream is never closed: the limit, not the end, decides.
    assertTooLarge(body::join);
  }

  private static void assertTooLarge(Runnable read) {
    assertThatThrownBy(read::run)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status().code()).isEqualTo(413);
          assertThat(e.status().reason()).isEqualTo("RequestEntityTooLarge");
          assertThat(e.status().message()).contains("larger than the limit of 10 bytes");
        });
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
