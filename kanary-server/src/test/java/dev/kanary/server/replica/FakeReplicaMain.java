package dev.kanary.server.replica;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A replica for tests, quick to start: answers {@code /v2/health/ready} on 127.0.0.1:$PORT. Its
 * environment sets its behaviour:
 *
 * <ul>
 *   <li>{@code FAKE_READY_DELAY_MS}: answers 503 until then;
 *   <li>{@code FAKE_UNREADY_IF_EXISTS}: answers 503 while that file exists;
 *   <li>{@code FAKE_CRASH_AFTER_MS}: exits then with {@code FAKE_EXIT_CODE} (default 1), after
 *       {@code FAKE_LOG_LINES} numbered lines on stderr;
 *   <li>{@code FAKE_CRASH_AFTER_READY_MS}: the same, counted from its first ready answer, so that
 *       the supervisor has seen it ready however slowly it starts on a busy machine;
 *   <li>{@code FAKE_IGNORE_SIGTERM=true}: hangs on SIGTERM, leaving SIGKILL as the only way out.
 * </ul>
 */
public final class FakeReplicaMain {
  private FakeReplicaMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Map<String, String> env = System.getenv();
    int port = Integer.parseInt(env.get("PORT"));
    long readyAt = System.nanoTime() + number(env, "FAKE_READY_DELAY_MS", 0) * 1_000_000;
    String unreadyFile = env.get("FAKE_UNREADY_IF_EXISTS");
    CountDownLatch answeredReady = new CountDownLatch(1);
    System.out.println("fake replica: pid " + ProcessHandle.current().pid() + " on port " + port
        + ", args " + Arrays.toString(args) + ", supervisor " + env.get(SupervisorLink.PID_ENV));
    System.err.println("fake replica: this line goes to stderr");

    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/v2/health/ready",
        exchange -> {
          boolean ready = System.nanoTime() >= readyAt
              && (unreadyFile == null || !Files.exists(Path.of(unreadyFile)));
          exchange.sendResponseHeaders(ready ? 200 : 503, -1);
          exchange.close();
          if (ready) {
            answeredReady.countDown();
          }
        });
    server.start();

    boolean ignoreSigterm = Boolean.parseBoolean(env.get("FAKE_IGNORE_SIGTERM"));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("fake replica: SIGTERM received");
      System.out.flush();
      if (ignoreSigterm) {
        sleepForever();
      }
      server.stop(0);
    }));

    long crashAfter = number(env, "FAKE_CRASH_AFTER_MS", -1);
    long crashAfterReady = number(env, "FAKE_CRASH_AFTER_READY_MS", -1);
    if (crashAfterReady >= 0) {
      answeredReady.await();
      Thread.sleep(crashAfterReady);
    } else if (crashAfter >= 0) {
      Thread.sleep(crashAfter);
    } else {
      sleepForever();
    }
    for (int line = 1; line <= number(env, "FAKE_LOG_LINES", 0); line++) {
      System.err.println("fake replica: log line " + line);
    }
    int code = (int) number(env, "FAKE_EXIT_CODE", 1);
    System.err.println("fake replica: crashing with exit code " + code);
    System.out.flush();
    System.err.flush();
    // halt, not exit: a crash runs no shutdown hook.
    Runtime.getRuntime().halt(code);
  }

  private static long number(Map<String, String> env, String name, long otherwise) {
    String value = env.get(name);
    return value == null ? otherwise : Long.parseLong(value);
  }

  private static void sleepForever() {
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
