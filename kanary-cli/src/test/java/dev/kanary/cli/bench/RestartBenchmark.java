package dev.kanary.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * A server restart with 10 InferenceServices on the iris model, some of them with a canary of 10%
 * on model-2: the server is stopped with SIGTERM and started again on the same data directory, and
 * timed until every service is Ready with the same {@code status.components.predictor.traffic} as
 * before and every revision that takes traffic has a ready replica again.
 *
 * <p>The second condition matters: the statuses are in the store, so they may read Ready with the
 * right traffic as soon as the API answers, before any replica runs. Replica readiness comes from
 * the new server's log ("replica ... ready"), which is its own file per start.
 *
 * <p>Run by bench/controlplane/run.sh: {@code RestartBenchmark KANARY_JAR IRIS_MODELS RESTARTS}.
 */
public final class RestartBenchmark {
  private static final String NAMESPACE = "bench";
  private static final int SERVICES = 10;
  private static final Set<Integer> CANARIES = Set.of(1, 4, 7);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration PATIENCE = Duration.ofMinutes(5);

  private RestartBenchmark() {}

  /** What the client saw during one restart. */
  private record Back(
      Duration stop, Duration apiUp, Duration firstReplica, Duration statusSame,
      Duration replicasReady, Duration all, int pollsNotSame, boolean predictorIdentical) {}

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path models = Path.of(args[1]).toAbsolutePath();
    int restarts = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path work = Files.createTempDirectory("kanary-bench-restart-");
    Path data = work.resolve("data");
    BenchServer server = BenchServer.start(jar, data, work.resolve("server-0.log"));
    try {
      System.out.printf("server pid %d; load average %s%n", server.pid(), ProcStats.loadAverage());
      long start = System.nanoTime();
      for (int i = 1; i <= SERVICES; i++) {
        create(server.api(), name(i), models.resolve("model-1"));
      }
      Map<String, JsonNode> before = awaitSettled(server, i -> 1);
      System.out.printf("%d InferenceServices on model-1 Ready in %.1f s (created together)%n",
          SERVICES, (System.nanoTime() - start) / 1e9);

      start = System.nanoTime();
      for (int i : CANARIES) {
        Api.Reply patched = server.api().mergePatch(path(name(i)), """
            {"spec": {"predictor": {"canaryTrafficPercent": 10,
                                    "model": {"storageUri": "%s"}}}}"""
            .formatted(models.resolve("model-2")));
        if (!patched.ok()) {
          throw new IllegalStateException("canary on " + name(i) + ": " + patched.body());
        }
      }
      before = awaitSettled(server, i -> CANARIES.contains(i) ? 2 : 1);
      System.out.printf("canaries of 10%% on model-2 for %s Ready in %.1f s; %d replicas%n",
          CANARIES.stream().sorted().map(RestartBenchmark::name).toList(),
          (System.nanoTime() - start) / 1e9, server.replicas().size());
      before.forEach((name, isvc) -> System.out.printf("   %s traffic %s%n", name,
          traffic(isvc)));

      for (int round = 1; round <= restarts; round++) {
        Duration stop = server.stop();
        server = BenchServer.start(jar, data, work.resolve("server-" + round + ".log"));
        Back back = awaitBack(server, before, stop);
        System.out.printf("== restart %d (load average %s): SIGTERM to exit %.2f s; after the"
                + " launch: first replica started %.2f s, API answering %.2f s, statuses Ready"
                + " with the same traffic %.2f s, every routed revision's replica ready %.2f s;"
                + " all back %.2f s after the launch%n",
            round, ProcStats.loadAverage(), secs(back.stop()), secs(back.firstReplica()),
            secs(back.apiUp()), secs(back.statusSame()), secs(back.replicasReady()),
            secs(back.all()));
        System.out.printf("   polls (every %d ms) where some service was not Ready or had other"
                + " traffic: %d; components.predictor identical to before: %s%n",
            POLL.toMillis(), back.pollsNotSame(), back.predictorIdentical());
      }
      List<LogLines.Line> problems = IntStream.rangeClosed(0, restarts)
          .mapToObj(i -> LogLines.read(work.resolve("server-" + i + ".log")))
          .flatMap(log -> log.atLevel("WARN", "ERROR").stream()).toList();
      System.out.printf("server logs: %d WARN/ERROR line(s) over all the starts and stops%n",
          problems.size());
      problems.stream().limit(5).forEach(line -> System.out.println("   " + line));
    } catch (RuntimeException e) {
      BenchServer.saveLogs(work, Path.of("kanary-cli/target/bench-logs/restart"));
      throw e;
    } finally {
      server.close();
      BenchServer.deleteTree(work);
    }
  }

  /**
   * Waits until every service is Ready with as many traffic targets as {@code targets} says, and
   * has a ready replica for each revision its traffic routes to; returns the services by name.
   */
  private static Map<String, JsonNode> awaitSettled(BenchServer server, IntUnaryOperator targets) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      Map<String, JsonNode> isvcs = list(server.api());
      LogLines log = LogLines.read(server.log());
      boolean done = isvcs.size() == SERVICES && IntStream.rangeClosed(1, SERVICES).allMatch(i -> {
        JsonNode isvc = isvcs.get(name(i));
        return isvc != null && Api.ready(isvc) && traffic(isvc).size() == targets.applyAsInt(i)
            && replicasReady(log, isvc);
      });
      if (done) {
        return isvcs;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("services not settled after " + PATIENCE + ": " + isvcs);
      }
      BenchServer.pause(POLL);
    }
  }

  private static Back awaitBack(BenchServer server, Map<String, JsonNode> before, Duration stop) {
    Instant launched = server.launchedAt();
    Duration apiUp = Duration.between(launched, Instant.now());
    Duration statusSame = null;
    Duration replicasReady = null;
    int pollsNotSame = 0;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (statusSame == null || replicasReady == null) {
      Map<String, JsonNode> now = list(server.api());
      LogLines log = LogLines.read(server.log());
      Duration at = Duration.between(launched, Instant.now());
      boolean same = before.keySet().stream().allMatch(name -> now.containsKey(name)
          && Api.ready(now.get(name)) && traffic(now.get(name)).equals(traffic(before.get(name))));
      if (same) {
        statusSame = statusSame == null ? at : statusSame;
      } else {
        statusSame = null;
        pollsNotSame++;
      }
      if (replicasReady == null && before.values().stream().allMatch(i -> replicasReady(log, i))) {
        replicasReady = at;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not back after " + PATIENCE + ": " + now);
      }
      if (statusSame == null || replicasReady == null) {
        BenchServer.pause(POLL);
      }
    }
    Duration all = Duration.between(launched, Instant.now());
    Duration firstReplica = LogLines.read(server.log())
        .first(Instant.EPOCH, m -> m.startsWith("replica ") && m.contains(" started on port "))
        .map(at -> Duration.between(launched, at)).orElse(Duration.ZERO);
    Map<String, JsonNode> after = list(server.api());
    boolean identical = before.keySet().stream().allMatch(name ->
        before.get(name).at("/status/components/predictor")
            .equals(after.get(name).at("/status/components/predictor")));
    return new Back(stop, apiUp, firstReplica, statusSame, replicasReady, all, pollsNotSame,
        identical);
  }

  /** Whether the server's log says each revision the service routes to has a ready replica. */
  private static boolean replicasReady(LogLines log, JsonNode isvc) {
    Set<String> routed = new TreeSet<>();
    for (JsonNode target : isvc.at("/status/components/predictor/traffic")) {
      if (target.at("/percent").asLong() > 0) {
        routed.add(target.at("/revisionName").asText());
      }
    }
    return routed.stream().allMatch(revision -> log.first(Instant.EPOCH, message ->
        message.startsWith("replica " + NAMESPACE + "." + revision + "-deployment-")
            && message.endsWith(" ready")).isPresent());
  }

  private static void create(Api api, String name, Path model) {
    Api.Reply created = api.post(Api.ISVCS.formatted(NAMESPACE), """
        {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
         "metadata": {"name": "%s", "namespace": "%s"},
         "spec": {"predictor": {"model": {"modelFormat": {"name": "onnx"},
                                          "storageUri": "%s"}}}}"""
        .formatted(name, NAMESPACE, model));
    if (created.code() != 201) {
      throw new IllegalStateException("create " + name + ": " + created.body());
    }
  }

  private static Map<String, JsonNode> list(Api api) {
    Api.Reply reply = api.get(Api.ISVCS.formatted(NAMESPACE));
    if (!reply.ok()) {
      throw new IllegalStateException("list: " + reply.code() + " " + reply.body());
    }
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    reply.body().at("/items").forEach(i -> byName.put(i.at("/metadata/name").asText(), i));
    return byName;
  }

  private static JsonNode traffic(JsonNode isvc) {
    return isvc.at("/status/components/predictor/traffic");
  }

  private static String name(int i) {
    return "iris-%02d".formatted(i);
  }

  private static String path(String name) {
    return Api.ISVCS.formatted(NAMESPACE) + "/" + name;
  }

  private static double secs(Duration duration) {
    return duration.toMillis() / 1e3;
  }
}
