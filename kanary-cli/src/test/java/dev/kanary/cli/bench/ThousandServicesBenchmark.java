package dev.kanary.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Many InferenceServices on one {@code kanary server}, each with its own replica process: a tiny
 * custom-command runtime (busybox httpd serving {@code /v1/models/{name}} from a directory, so
 * that the V1 readiness probe passes) keeps the replicas' cost out of the control plane's.
 *
 * <p>Reports the time until all are Ready, the errors (services not Ready, failed creates, WARN
 * and ERROR lines in the server's log, replica restarts), the server's memory and CPU, and the
 * replicas' memory; then stays a minute to see that everything stays Ready and what it costs,
 * and stops the server with SIGTERM.
 *
 * <p>Run by bench/controlplane/run.sh:
 * {@code ThousandServicesBenchmark KANARY_JAR BUSYBOX COUNT [CONCURRENT_CREATES]}.
 */
public final class ThousandServicesBenchmark {
  private static final String NAMESPACE = "bench";
  private static final String RUNTIME = "tiny-httpd";
  private static final String FORMAT = "tiny";
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final Duration PROGRESS = Duration.ofSeconds(15);
  private static final Duration STALL = Duration.ofMinutes(3);
  private static final Duration PATIENCE = Duration.ofMinutes(30);
  private static final Duration STEADY = Duration.ofSeconds(60);
  /** The sizes in the first line of G1's jcmd GC.heap_info. */
  private static final Pattern HEAP =
      Pattern.compile("total reserved (\\d+)K, committed (\\d+)K, used (\\d+)K");

  private ThousandServicesBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path busybox = Path.of(args[1]).toAbsolutePath();
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int concurrent = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    Path work = Files.createTempDirectory("kanary-bench-thousand-");
    try {
      Path www = webRoot(work.resolve("www"), count);
      try (BenchServer server =
          BenchServer.start(jar, work.resolve("data"), work.resolve("server.log"))) {
        run(server, busybox, www, count, concurrent);
      }
      List<LogLines.Line> afterStop = LogLines.read(work.resolve("server.log"))
          .atLevel("WARN", "ERROR");
      System.out.printf("server log, whole run including the shutdown: %d WARN/ERROR line(s)%n",
          afterStop.size());
      summariseProblems(afterStop);
    } catch (RuntimeException e) {
      BenchServer.saveLogs(work, Path.of("kanary-cli/target/bench-logs/thousand"));
      throw e;
    } finally {
      BenchServer.deleteTree(work);
    }
  }

  private static void run(BenchServer server, Path busybox, Path www, int count, int concurrent) {
    Api api = server.api();
    System.out.printf("server pid %d; load average %s; server %s%n", server.pid(),
        ProcStats.loadAverage(), describe(ProcStats.of(server.pid()).orElse(ProcStats.NONE)));
    Api.Reply runtime = api.post(Api.RUNTIMES, runtime(busybox));
    if (runtime.code() != 201) {
      throw new IllegalStateException("runtime: " + runtime.code() + " " + runtime.body());
    }

    long start = System.nanoTime();
    Map<String, Long> threadsAtStart = ProcStats.threadTicks(server.pid());
    CompletableFuture<Integer> creating =
        CompletableFuture.supplyAsync(() -> createAll(api, www, count, concurrent));
    CompletableFuture<Double> created = creating.thenApply(failed -> seconds(start));
    Map<Integer, Double> milestones = new TreeMap<>();
    int ready = awaitReady(server, count, start, milestones);
    double readySeconds = seconds(start);
    Map<String, Long> threadsAtReady = ProcStats.threadTicks(server.pid());
    int failedCreates = creating.join();
    System.out.printf("created %d InferenceServices in %.1f s (%.0f/s, %d at a time);"
            + " %d create(s) failed%n",
        count, created.join(), count / created.join(), concurrent, failedCreates);
    System.out.printf("== %d of %d Ready %.1f s after the first create%n", ready, count,
        readySeconds);
    milestones.forEach((percent, at) ->
        System.out.printf("   %3d%% Ready after %6.1f s%n", percent, at));
    System.out.println("   the server's CPU by thread until then (% of one core): "
        + cpuByThread(threadsAtStart, threadsAtReady, readySeconds));

    ProcStats serverAtReady = ProcStats.of(server.pid()).orElse(ProcStats.NONE);
    List<ProcessHandle> replicas = server.replicas();
    ProcStats replicasAtReady = ProcStats.sum(replicas);
    System.out.printf("server when all Ready: %s%n", describe(serverAtReady));
    System.out.printf("replicas: %d processes; RSS %s in all (%s each), PSS %s in all%n",
        replicas.size(), ProcStats.mib(replicasAtReady.rssKib()),
        ProcStats.mib(replicasAtReady.rssKib() / Math.max(1, replicas.size())),
        ProcStats.mib(replicasAtReady.pssKib()));
    System.out.printf("store: %d InferenceServices, %d Services, %d Revisions%n",
        items(api, Api.ISVCS.formatted(NAMESPACE)).size(),
        items(api, "/apis/serving.knative.dev/v1/namespaces/" + NAMESPACE + "/services").size(),
        items(api, Api.REVISIONS.formatted(NAMESPACE)).size());

    System.out.printf("== steady state: %d s with every replica probed every 10 s%n",
        STEADY.toSeconds());
    long steadyStart = System.nanoTime();
    Map<String, Long> threadsBefore = ProcStats.threadTicks(server.pid());
    BenchServer.pause(STEADY);
    Map<String, Long> threadsAfter = ProcStats.threadTicks(server.pid());
    ProcStats serverAfter = ProcStats.of(server.pid()).orElse(ProcStats.NONE);
    List<ProcessHandle> replicasAfter = server.replicas();
    double steadySeconds = seconds(steadyStart);
    double cpu = (serverAfter.cpuTicks() - serverAtReady.cpuTicks())
        / ProcStats.TICKS_PER_SECOND / steadySeconds;
    List<JsonNode> isvcs = items(api, Api.ISVCS.formatted(NAMESPACE));
    long stillReady = isvcs.stream().filter(Api::ready).count();
    System.out.printf("after %.0f s: %d of %d Ready; %d replica processes; server %s;"
            + " server CPU %.0f%% of one core%n",
        steadySeconds, stillReady, isvcs.size(), replicasAfter.size(), describe(serverAfter),
        cpu * 100);
    System.out.println("   the server's CPU by thread (% of one core): "
        + cpuByThread(threadsBefore, threadsAfter, steadySeconds));
    System.out.println("   " + heapInfo(server.pid()));

    LogLines log = LogLines.read(server.log());
    List<LogLines.Line> problems = log.atLevel("WARN", "ERROR");
    long restarts = log.lines().stream().filter(l -> l.message().contains(" exited with code "))
        .count();
    System.out.printf("errors before the shutdown: %d create(s) failed, %d InferenceService(s) not"
            + " Ready, %d replica exit(s), %d WARN/ERROR log line(s)%n",
        failedCreates, isvcs.size() - stillReady, restarts, problems.size());
    summariseProblems(problems);

    Instant stopAsked = Instant.now();
    Duration stop = server.stop();
    System.out.printf("== SIGTERM: the server and its %d replicas exited in %.1f s; %d process(es)"
            + " of theirs still alive%n", replicasAfter.size(), stop.toMillis() / 1e3,
        replicasAfter.stream().filter(ProcessHandle::isAlive).count());
    System.out.printf("   (shutdown began %s)%n", stopAsked);
  }

  /** A directory whose {@code v1/models/{name}} answers the V1 readiness probe of every model. */
  private static Path webRoot(Path www, int count) throws IOException {
    Path models = Files.createDirectories(www.resolve("v1").resolve("models"));
    for (int i = 1; i <= count; i++) {
      String name = name(i);
      Files.writeString(models.resolve(name), "{\"name\": \"" + name + "\", \"ready\": true}");
    }
    return www;
  }

  private static String runtime(Path busybox) {
    return """
        {"apiVersion": "serving.kserve.io/v1alpha1", "kind": "ClusterServingRuntime",
         "metadata": {"name": "%s"},
         "spec": {"supportedModelFormats": [{"name": "%s", "autoSelect": true}],
                  "protocolVersions": ["v1"],
                  "containers": [{"name": "kserve-container",
                                  "command": ["%s", "httpd", "-f", "-p", "127.0.0.1:{{.Port}}",
                                              "-h", "/mnt/models"]}]}}"""
        .formatted(RUNTIME, FORMAT, busybox);
  }

  private static String name(int i) {
    return "tiny-%04d".formatted(i);
  }

  /** Creates the services, {@code concurrent} requests at a time; returns how many failed. */
  private static int createAll(Api api, Path www, int count, int concurrent) {
    ExecutorService clients = Executors.newFixedThreadPool(concurrent);
    try {
      List<Future<Api.Reply>> replies = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        String body = """
            {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
             "metadata": {"name": "%s", "namespace": "%s"},
             "spec": {"predictor": {"model": {"modelFormat": {"name": "%s"},
                                              "storageUri": "%s"}}}}"""
            .formatted(name(i), NAMESPACE, FORMAT, www);
        replies.add(clients.submit(() -> api.post(Api.ISVCS.formatted(NAMESPACE), body)));
      }
      int failed = 0;
      for (Future<Api.Reply> reply : replies) {
        Api.Reply answer = answer(reply);
        if (answer.code() != 201) {
          failed++;
          if (failed <= 5) {
            System.out.printf("!! create answered %d: %s%n", answer.code(), answer.body());
          }
        }
      }
      return failed;
    } finally {
      clients.shutdown();
    }
  }

  private static Api.Reply answer(Future<Api.Reply> reply) {
    try {
      return reply.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a create failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The threads that used the most CPU between two readings, by name. */
  private static String cpuByThread(Map<String, Long> before, Map<String, Long> after,
      double seconds) {
    return after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(8)
        .map(e -> "%s %.1f%%".formatted(e.getKey(),
            e.getValue() / ProcStats.TICKS_PER_SECOND / seconds * 100))
        .collect(Collectors.joining(", "));
  }

  /** The JVM's own account of its heap, from jcmd: how much of the RSS is heap in use. */
  private static String heapInfo(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      process.waitFor();
      Matcher sizes = HEAP.matcher(output);
      return sizes.find()
          ? "heap: used %s of %s committed (at most %s)".formatted(
              kib(sizes.group(3)), kib(sizes.group(2)), kib(sizes.group(1)))
          : output.lines().skip(1).limit(3).map(String::strip)
              .collect(Collectors.joining("; ", "heap: ", ""));
    } catch (IOException e) {
      return "heap: jcmd failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "heap: interrupted";
    }
  }

  private static String kib(String digits) {
    return ProcStats.mib(Long.parseLong(digits));
  }

  /**
   * Polls the list until every service is Ready, or progress stalls, or patience runs out.
   *
   * @param milestones filled with the seconds after {@code start} when 1, 25, 50, 75, 90 and 100%
   *     were Ready
   * @return how many were Ready at the end
   */
  private static int awaitReady(
      BenchServer server, int count, long start, Map<Integer, Double> milestones) {
    List<Integer> percents = List.of(1, 25, 50, 75, 90, 100);
    int ready = 0;
    int created = 0;
    long lastProgress = System.nanoTime();
    long lastReport = 0;
    while (ready < count) {
      List<JsonNode> isvcs = items(server.api(), Api.ISVCS.formatted(NAMESPACE));
      int now = (int) isvcs.stream().filter(Api::ready).count();
      double at = seconds(start);
      for (int percent : percents) {
        if (now * 100L >= (long) percent * count) {
          milestones.putIfAbsent(percent, at);
        }
      }
      if (now > ready || isvcs.size() > created) {
        lastProgress = System.nanoTime();
      }
      ready = now;
      created = isvcs.size();
      if (System.nanoTime() - lastReport > PROGRESS.toNanos() || ready == count) {
        lastReport = System.nanoTime();
        System.out.printf("   %6.1f s: %4d created, %4d Ready, %4d replica processes, server %s,"
                + " load %s%n", at, created, ready, server.replicas().size(),
            describe(ProcStats.of(server.pid()).orElse(ProcStats.NONE)),
            ProcStats.loadAverage());
      }
      if (System.nanoTime() - lastProgress > STALL.toNanos()) {
        System.out.printf("!! no progress for %s; giving up%n", STALL);
        break;
      }
      if (System.nanoTime() - start > PATIENCE.toNanos()) {
        System.out.printf("!! not all Ready after %s; giving up%n", PATIENCE);
        break;
      }
      if (ready < count) {
        BenchServer.pause(POLL);
      }
    }
    return ready;
  }

  private static List<JsonNode> items(Api api, String path) {
    Api.Reply reply = api.get(path);
    if (!reply.ok()) {
      throw new IllegalStateException("list " + path + ": " + reply.code() + " " + reply.body());
    }
    List<JsonNode> items = new ArrayList<>();
    reply.body().at("/items").forEach(items::add);
    return items;
  }

  /**
   * The distinct problems, by the start of their message with numbers (names, ports, pids) made
   * alike, with how often each was logged.
   */
  private static void summariseProblems(List<LogLines.Line> problems) {
    Map<String, Integer> kinds = new TreeMap<>();
    for (LogLines.Line line : problems) {
      String message = line.message().replaceAll("[0-9a-f]{5,}|[0-9]+", "N");
      String key = line.level() + " " + message.substring(0, Math.min(90, message.length()));
      kinds.merge(key, 1, Integer::sum);
    }
    kinds.entrySet().stream().limit(10).forEach(kind ->
        System.out.printf("   %5d x %s%n", kind.getValue(), kind.getKey()));
  }

  private static String describe(ProcStats stats) {
    return "RSS %s (peak %s), %d threads".formatted(ProcStats.mib(stats.rssKib()),
        ProcStats.mib(stats.peakRssKib()), stats.threads());
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
