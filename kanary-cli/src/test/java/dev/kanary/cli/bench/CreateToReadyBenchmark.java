package dev.kanary.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * From create to Ready: on one running {@code kanary server}, a fresh InferenceService on the iris
 * model at a time, timed from the POST's answer to Ready=True as a client polling the API every
 * 20 ms sees it. Each run's replica (a {@code kanary model-server} JVM) is included. A first,
 * warm-up service is timed apart: it also pays for the server's own first requests.
 *
 * <p>The services stay until the server stops (idle replicas cost memory, hardly any CPU): a
 * delete can race with the InferenceService controller's cache, which then writes the Service
 * again and starts a replica for a service that is gone (docs/benchmarks.md).
 *
 * <p>Where the time goes comes from the log timestamps of the server and of the replica, as
 * milliseconds after the POST answered.
 *
 * <p>Run by bench/controlplane/run.sh: {@code CreateToReadyBenchmark KANARY_JAR MODEL_DIR RUNS}.
 */
public final class CreateToReadyBenchmark {
  private static final String NAMESPACE = "bench";
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  /** Lets the last replica finish its start-up work (JIT) before the next run. */
  private static final Duration SETTLE = Duration.ofSeconds(2);

  /** One step of a run and how to find when it happened. */
  private record Step(String label, Source source, Predicate<String> test) {}

  private enum Source { SERVER, REPLICA }

  /** @param offsets ms after the POST answered, per step; NaN when a step was not seen */
  private record Run(String name, double postMillis, double readyMillis, double[] offsets) {}

  private CreateToReadyBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path model = Path.of(args[1]).toAbsolutePath();
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Path work = Files.createTempDirectory("kanary-bench-ready-");
    try (BenchServer server =
        BenchServer.start(jar, work.resolve("data"), work.resolve("server.log"))) {
      System.out.printf("server pid %d up %d ms after launch; load average %s%n", server.pid(),
          Duration.between(server.launchedAt(), Instant.now()).toMillis(),
          ProcStats.loadAverage());

      Run warmUp = run(server, "warmup", model);
      System.out.println("== first InferenceService after the server's start (not counted)");
      printHeader();
      print(warmUp);
      BenchServer.pause(SETTLE);

      System.out.printf("== %d runs, each a fresh InferenceService on %s%n", runs, model);
      printHeader();
      List<Run> results = new ArrayList<>();
      for (int i = 1; i <= runs; i++) {
        Run run = run(server, "iris-%02d".formatted(i), model);
        print(run);
        results.add(run);
        BenchServer.pause(SETTLE);
      }
      summarise(results);
      ProcStats stats = ProcStats.of(server.pid()).orElse(ProcStats.NONE);
      System.out.printf("server RSS after the runs %s (peak %s); load average %s%n",
          ProcStats.mib(stats.rssKib()), ProcStats.mib(stats.peakRssKib()),
          ProcStats.loadAverage());
      List<LogLines.Line> problems = LogLines.read(server.log()).atLevel("WARN", "ERROR");
      System.out.printf("server log: %d WARN/ERROR line(s)%n", problems.size());
      problems.stream().limit(5).forEach(line -> System.out.println("  " + line));
    } catch (RuntimeException e) {
      BenchServer.saveLogs(work, Path.of("kanary-cli/target/bench-logs/ready"));
      throw e;
    } finally {
      BenchServer.deleteTree(work);
    }
  }

  private static List<Step> steps(String isvc) {
    String predictor = isvc + "-predictor";
    String revision = predictor + "-00001";
    String replica = "replica " + NAMESPACE + "." + revision + "-deployment-";
    return List.of(
        new Step("Service written", Source.SERVER,
            m -> m.equals("service " + NAMESPACE + "/" + predictor + " created")),
        new Step("Revision created", Source.SERVER,
            m -> m.equals("revision " + NAMESPACE + "/" + revision + " created")),
        new Step("replica process started", Source.SERVER,
            m -> m.startsWith(replica) && m.contains(" started on port ")),
        new Step("replica JVM's first log line", Source.REPLICA, m -> true),
        new Step("replica HTTP listening", Source.REPLICA, m -> m.startsWith("Serving HTTP at")),
        new Step("replica model loaded", Source.REPLICA, m -> m.contains(" is ready (")),
        new Step("replica ready (probe passed)", Source.SERVER,
            m -> m.startsWith(replica) && m.endsWith(" ready")),
        new Step("Revision Ready", Source.SERVER,
            m -> m.equals("revision " + NAMESPACE + "/" + revision + " ready")),
        new Step("Service traffic set", Source.SERVER,
            m -> m.startsWith("service " + NAMESPACE + "/" + predictor + " traffic:")));
  }

  private static Run run(BenchServer server, String name, Path model) {
    String body = """
        {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
         "metadata": {"name": "%s", "namespace": "%s"},
         "spec": {"predictor": {"model": {"modelFormat": {"name": "onnx"},
                                          "storageUri": "%s"}}}}"""
        .formatted(name, NAMESPACE, model);
    String path = Api.ISVCS.formatted(NAMESPACE) + "/" + name;
    long sent = System.nanoTime();
    Api.Reply created = server.api().post(Api.ISVCS.formatted(NAMESPACE), body);
    long answered = System.nanoTime();
    Instant answeredAt = Instant.now();
    if (created.code() != 201) {
      throw new IllegalStateException("create " + name + " answered " + created.code() + ": "
          + created.body());
    }
    long deadline = answered + PATIENCE.toNanos();
    while (!Api.ready(server.api().get(path).body())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " not Ready after " + PATIENCE + ": "
            + server.api().get(path).body().at("/status"));
      }
      BenchServer.pause(POLL);
    }
    double readyMillis = (System.nanoTime() - answered) / 1e6;

    // A log line can trail the event it reports by a moment: read the logs once Ready is seen.
    LogLines serverLog = LogLines.read(server.log());
    LogLines replicaLog = replicaLog(server.dataDir(), name + "-predictor-00001-deployment-")
        .map(LogLines::read).orElse(new LogLines(List.of()));
    double[] offsets = steps(name).stream()
        .map(step -> (step.source() == Source.SERVER ? serverLog : replicaLog)
            .first(answeredAt.minusMillis(50), step.test()))
        .mapToDouble(at -> at.map(i -> (double) Duration.between(answeredAt, i).toMillis())
            .orElse(Double.NaN))
        .toArray();
    return new Run(name, (answered - sent) / 1e6, readyMillis, offsets);
  }

  private static Optional<Path> replicaLog(Path dataDir, String prefix) {
    try (Stream<Path> files = Files.list(dataDir.resolve("logs").resolve(NAMESPACE))) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void printHeader() {
    List<String> labels = steps("x").stream().map(Step::label).toList();
    System.out.printf("%-8s %7s %8s   ms after the POST answered: %s%n", "name", "POST ms",
        "Ready ms", String.join(" | ", labels));
  }

  private static void print(Run run) {
    StringBuilder row = new StringBuilder();
    for (double offset : run.offsets()) {
      row.append(String.format(" %6.0f", offset));
    }
    System.out.printf("%-8s %7.0f %8.0f  %s%n", run.name(), run.postMillis(), run.readyMillis(),
        row);
  }

  private static void summarise(List<Run> runs) {
    System.out.println("== create to Ready (POST answered to Ready=True seen through the API)");
    System.out.println("   " + Summary.of(runs.stream().map(Run::readyMillis).toList()));
    System.out.println("   POST round trip: "
        + Summary.of(runs.stream().map(Run::postMillis).toList()));
    System.out.println("== where the time goes: median ms after the POST answered, and since the"
        + " step before");
    List<Step> steps = steps("x");
    double previous = 0;
    for (int i = 0; i <= steps.size(); i++) {
      int index = i;
      String label = i < steps.size() ? steps.get(i).label() : "InferenceService Ready seen";
      List<Double> at = runs.stream()
          .map(r -> index < steps.size() ? r.offsets()[index] : r.readyMillis())
          .filter(d -> !d.isNaN()).toList();
      double median = Summary.of(at).median();
      System.out.printf("   %-32s %6.0f ms   (+%5.0f ms)%n", label, median, median - previous);
      previous = median;
    }
  }
}
