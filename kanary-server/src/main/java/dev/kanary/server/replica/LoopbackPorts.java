package dev.kanary.server.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Free ports on the loopback interface. The system may hand a just-closed port out again; this
 * keeps the last ports it picked out of later picks, so that two replicas starting at the same
 * time never get the same port, and a restarted replica gets a new one.
 */
final class LoopbackPorts {
  private static final int REMEMBERED = 256;
  private static final int ATTEMPTS = 50;

  private final Deque<Integer> recent = new ArrayDeque<>();

  synchronized int pick() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = ephemeralPort();
      if (!recent.contains(port)) {
        recent.addLast(port);
        if (recent.size() > REMEMBERED) {
          recent.removeFirst();
        }
        return port;
      }
    }
    throw new IllegalStateException(
        "no free loopback port found in " + ATTEMPTS + " attempts: too many ports in use?");
  }

  private static int ephemeralPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback port", e);
    }
  }
}
