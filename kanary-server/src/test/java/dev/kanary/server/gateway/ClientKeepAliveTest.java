package dev.kanary.server.gateway;

import static dev.kanary.server.gateway.Fixtures.isvc;
import static dev.kanary.server.gateway.Fixtures.predictor;
import static dev.kanary.server.gateway.Fixtures.replica;
import static dev.kanary.server.gateway.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When the gateway keeps an HTTP/1.1 client connection open and when it closes it, over raw
 * sockets so that the connection itself is observed: the client's wish (Connection, HTTP/1.0)
 * and the gateway's own (a response it cannot delimit, stopping) decide.
 */
class ClientKeepAliveTest {
  private static final String REVISION = "sklearn-iris-predictor-00001";
  private static final String HOST = "sklearn-iris.kserve-test.example.com";

  private static TestBackend backend;
  private Gateway gateway;

  @BeforeAll
  static void startBackend() {
    backend = new TestBackend("one");
  }

  @AfterAll
  static void stopBackend() {
    backend.close();
  }

  @AfterEach
  void stopGateway() {
    gateway.close();
  }

  @ParameterizedTest(name = "{0} with Connection \"{1}\": kept open {2}")
  @CsvSource({
      "HTTP/1.1, '',         true",
      "HTTP/1.1, keep-alive, true",
      "HTTP/1.1, close,      false",
      "HTTP/1.1, 'Close, TE', false",
      "HTTP/1.0, '',         false",
      "HTTP/1.0, keep-alive, true",
  })
  void theClientDecidesWhetherItsConnectionStaysOpen(String version, String connection,
      boolean kept) throws IOException {
    start();
    try (Socket socket = connect()) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      send(socket, "GET /first " + version + "\r\nHost: " + HOST + "\r\n"
          + (connection.isEmpty() ? "" : "Connection: " + connection + "\r\n") + "\r\n");

      RawResponse first = RawResponse.read(in);

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("one");
      assertThat(first.headers().get("connection")).isEqualTo(kept ? null : "close");
      if (kept) {
        send(socket, "GET /second " + version + "\r\nHost: " + HOST + "\r\n"
            + "Connection: " + (version.equals("HTTP/1.0") ? "keep-alive" : "close") + "\r\n\r\n");
        RawResponse second = RawResponse.read(in);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.headers().get("x-path")).isEqualTo("/second");
      } else {
        assertThat(in.read()).as("the connection closed").isEqualTo(-1);
      }
    }
  }

  @Test
  void requestsPipelinedAfterOneThatClosesTheConnectionAreNotServed() throws IOException {
    start();
    try (Socket socket = connect()) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      send(socket, "GET /first HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n"
          + "GET /second HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");

      assertThat(RawResponse.read(in).headers().get("x-path")).isEqualTo("/first");
      assertThat(in.read()).as("the connection closed").isEqualTo(-1);
    }
    assertThat(backend.hits.get()).isEqualTo(1);
  }

  @Test
  void anErrorAnswerKeepsTheConnectionOpenToo() throws IOException {
    start();
    try (Socket socket = connect()) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      send(socket, "GET / HTTP/1.1\r\nHost: nothing.example.com\r\n\r\n");
      assertThat(RawResponse.read(in).status()).isEqualTo(404);

      send(socket, "GET / HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");
      assertThat(RawResponse.read(in).status()).isEqualTo(200);
    }
  }

  private void start() {
    Fixtures.Inputs inputs = new Fixtures.Inputs();
    inputs.isvcs.add(isvc("sklearn-iris"));
    inputs.services.add(predictor("sklearn-iris",
        target("sklearn-iris-predictor", REVISION, 100, null)));
    inputs.replicas.add(replica("r1-a", REVISION, backend.port()));
    backend.hits.set(0);
    gateway = new Gateway("127.0.0.1", 0, GatewaySettings.defaults(), inputs::get,
        new SimpleMeterRegistry());
    gateway.start();
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static void send(Socket socket, String request) throws IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** A response with a Content-Length, as the test backend sends them. */
  private record RawResponse(int status, Map<String, String> headers, String body) {
    static RawResponse read(InputStream in) throws IOException {
      String statusLine = line(in);
      Map<String, String> headers = new HashMap<>();
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
      return new RawResponse(Integer.parseInt(statusLine.split(" ")[1]), headers,
          new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b == -1) {
          throw new IOException("the connection closed in the middle of a response");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.US_ASCII);
    }
  }
}
