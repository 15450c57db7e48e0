package dev.kanary.server.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A replica stand-in that fails: it reads each HTTP/1.1 request whole (its body by
 * Content-Length) and records the body, then, by its {@link Mode}, resets the connection without
 * answering (as a replica killed with SIGKILL does), resets it after sending response headers and
 * part of the body, or says nothing until the connection is closed. An HTTP/2 preface is hung up
 * on, as an HTTP/1.1-only server does, so the gateway falls back to HTTP/1.1.
 */
final class FailingReplica implements AutoCloseable {
  enum Mode { RESET, RESET_AFTER_HEADERS, SILENT }

  private final Mode mode;
  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  FailingReplica(Mode mode) throws IOException {
    this.mode = mode;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofVirtual().start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  /** The bodies of the requests it read, in order. */
  List<String> bodies() {
    return List.copyOf(bodies);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String head = readHead(in);
      if (head.startsWith("PRI ")) {
        return;
      }
      byte[] body = in.readNBytes(contentLength(head));
      bodies.add(new String(body, StandardCharsets.UTF_8));
      switch (mode) {
        case RESET -> socket.setSoLinger(true, 0);
        case RESET_AFTER_HEADERS -> {
          OutputStream out = socket.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 100\r\n\r\n"
              + "partial").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(200);
          socket.setSoLinger(true, 0);
        }
        case SILENT -> in.transferTo(OutputStream.nullOutputStream());
      }
    } catch (IOException e) {
      // The gateway hung up first.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(socket);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection closed before the request head ended");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 0 && head.size() == 4 && head.toString(StandardCharsets.US_ASCII)
          .equals("PRI ")) {
        return "PRI ";
      }
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        return Integer.parseInt(lower.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
    try {
      acceptor.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
