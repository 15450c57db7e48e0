package dev.kanary.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code kanary server} run from the jar as a user runs it, in a process of its own, so that its
 * memory and its children can be read from /proc and a restart is a real one.
 *
 * <p>Log lines carry millisecond timestamps, in the server's log and in its JVM replicas' logs
 * alike: {@code JAVA_TOOL_OPTIONS} sets slf4j-simple's date format, and the replicas inherit the
 * server's environment. {@code BENCH_SERVER_JAVA_OPTS} adds JVM options for the server only.
 */
final class BenchServer implements AutoCloseable {
  static final String LOG_DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final Path dataDir;
  private final Path log;
  private final int apiPort;
  private final Instant launchedAt;
  private Api api;

  private BenchServer(Process process, Path dataDir, Path log, int apiPort, Instant launchedAt) {
    this.process = process;
    this.dataDir = dataDir;
    this.log = log;
    this.apiPort = apiPort;
    this.launchedAt = launchedAt;
  }

  /** Starts the server and returns once its API answers. */
  static BenchServer start(Path jar, Path dataDir, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    String extra = System.getenv().getOrDefault("BENCH_SERVER_JAVA_OPTS", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    int apiPort = freePort();
    command.addAll(List.of("-jar", jar.toString(), "server", "--data-dir", dataDir.toString(),
        "--api-port", Integer.toString(apiPort), "--http-port", Integer.toString(freePort())));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile()));
    // Quoted, or the JVM drops the format's own quotes around the T.
    builder.environment().put("JAVA_TOOL_OPTIONS",
        "-Dorg.slf4j.simpleLogger.showDateTime=true"
            + " \"-Dorg.slf4j.simpleLogger.dateTimeFormat=" + LOG_DATE_FORMAT + "\"");
    Instant launchedAt = Instant.now();
    try {
      Files.createDirectories(dataDir);
      BenchServer server = new BenchServer(builder.start(), dataDir, log, apiPort, launchedAt);
      server.awaitApi();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  Api api() {
    return api;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  Path dataDir() {
    return dataDir;
  }

  Instant launchedAt() {
    return launchedAt;
  }

  /** The server's replicas: its child processes. */
  List<ProcessHandle> replicas() {
    return process.children().toList();
  }

  /**
   * SIGTERM, as a service manager stops it, then waits for the exit. Replicas still alive after
   * that are reported and killed, so that a benchmark never leaves one behind.
   *
   * @return how long the server took to exit
   */
  Duration stop() {
    List<ProcessHandle> children = process.descendants().toList();
    long start = System.nanoTime();
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        System.out.printf("!! server (pid %d) still running %s after SIGTERM; killing it%n",
            process.pid(), STOP_TIMEOUT);
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    List<ProcessHandle> left = children.stream().filter(ProcessHandle::isAlive).toList();
    if (!left.isEmpty()) {
      System.out.printf("!! %d replica process(es) outlived the server: %s; killing them%n",
          left.size(), left.stream().map(ProcessHandle::pid).toList());
      left.forEach(ProcessHandle::destroyForcibly);
    }
    return took;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
  }

  private void awaitApi() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Path tokenFile = dataDir.resolve("token");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with code " + process.exitValue()
            + " before its API answered; see " + log);
      }
      try {
        if (Files.exists(tokenFile)) {
          Api candidate = new Api(apiPort, Files.readString(tokenFile).strip());
          if (candidate.get(Api.RUNTIMES).ok()) {
            api = candidate;
            return;
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // Not listening yet.
      }
      pause(Duration.ofMillis(20));
    }
    close();
    throw new IllegalStateException("the server's API did not answer within " + START_TIMEOUT
        + "; see " + log);
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }

  /**
   * Copies the logs under {@code work} (the servers' and the replicas') into {@code into}, for a
   * look at what went wrong after the work directory is gone.
   */
  static void saveLogs(Path work, Path into) {
    try (Stream<Path> paths = Files.walk(work)) {
      for (Path log : paths.filter(p -> p.toString().endsWith(".log")).toList()) {
        Path copy = into.resolve(work.relativize(log).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(log, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      System.out.printf("!! logs saved in %s%n", into.toAbsolutePath());
    } catch (IOException e) {
      System.out.printf("!! cannot save the logs of %s: %s%n", work, e);
    }
  }

  /** Removes a directory tree, as benchmarks leave no data behind. */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.out.printf("!! cannot remove %s: %s%n", root, e);
    }
  }
}
