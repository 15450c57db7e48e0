package dev.kanary.server.storage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK's HTTP server on a free loopback port, with canned routes and request counts by path. */
final class TestHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private TestHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
    server.start();
  }

  static TestHttpServer start() throws IOException {
    return new TestHttpServer();
  }

  /** The base URL, {@code http://127.0.0.1:port}. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  void route(String path, HttpHandler handler) {
    routes.put(path, handler);
  }

  void file(String path, byte[] body) {
    route(path, exchange -> respond(exchange, 200, body));
  }

  void status(String path, int status) {
    route(path, exchange -> respond(exchange, status, ("status " + status).getBytes()));
  }

  void redirect(String path, int status, String location) {
    route(path, exchange -> {
      exchange.getResponseHeaders().add("Location", location);
      respond(exchange, status, new byte[0]);
    });
  }

  /** Answers after {@code delay}, so that concurrent requests overlap. */
  void slow(String path, byte[] body, Duration delay) {
    route(path, exchange -> {
      sleep(delay);
      respond(exchange, 200, body);
    });
  }

  /** Sends the headers and the first bytes of a longer body, then nothing until the end. */
  void stall(String path, byte[] head, int declaredLength) {
    route(path, exchange -> {
      exchange.sendResponseHeaders(200, declaredLength);
      OutputStream body = exchange.getResponseBody();
      body.write(head);
      body.flush();
      try {
        closing.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** Sends the headers and the first bytes of a longer body, then drops the connection. */
  void cut(String path, byte[] head, int declaredLength) {
    route(path, exchange -> {
      exchange.sendResponseHeaders(200, declaredLength);
      exchange.getResponseBody().write(head);
      exchange.getResponseBody().flush();
      exchange.close();
    });
  }

  static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    try (exchange) {
      HttpHandler handler = routes.get(path);
      if (handler == null) {
        respond(exchange, 404, "no route".getBytes());
      } else {
        handler.handle(exchange);
      }
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
