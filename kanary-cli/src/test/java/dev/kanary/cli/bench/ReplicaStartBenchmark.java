package dev.kanary.cli.bench;

import dev.kanary.server.replica.SelfCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where create-to-Ready spends most of its time: a replica's start, {@code kanary model-server} on
 * the iris model, from its launch to the first 200 on {@code /v1/models/{name}} (the V1 readiness
 * probe), with the JVM options replicas get today and with a few that cut start-up work. Each
 * variant runs alone several times; the first and the last also start {@code TOGETHER} replicas at
 * once, as a server restart does.
 *
 * <p>The CDS and AOT variants first run once, untimed, to write their archive (JDK 25's AOT cache,
 * JEP 514/515; a dynamic CDS archive before that).
 *
 * <p>Run by bench/controlplane/run.sh: {@code ReplicaStartBenchmark KANARY_JAR MODEL_DIR RUNS
 * TOGETHER}.
 */
public final class ReplicaStartBenchmark {
  private static final String MODEL = "iris";
  private static final Duration POLL = Duration.ofMillis(10);
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  /**
   * @param flags the JVM options of a timed start
   * @param training the JVM options of the untimed start that writes an archive; empty for none
   */
  private record Variant(String label, List<String> flags, List<String> training) {}

  /** A launched model server and the port it listens on. */
  private record Replica(Process process, int port) {}

  /** One start: launch to ready, and what the process had used by then. */
  private record Sample(double wallMillis, double cpuMillis, long rssKib) {}

  private final Path jar;
  private final Path model;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private ReplicaStartBenchmark(Path jar, Path model, Path log) {
    this.jar = jar;
    this.model = model;
    this.log = log;
  }

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path model = Path.of(args[1]).toAbsolutePath();
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int together = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    Path work = Files.createTempDirectory("kanary-bench-replica-");
    try {
      new ReplicaStartBenchmark(jar, model, work.resolve("replicas.log"))
          .run(variants(work), runs, together);
    } catch (RuntimeException e) {
      BenchServer.saveLogs(work, Path.of("kanary-cli/target/bench-logs/replica"));
      throw e;
    } finally {
      BenchServer.deleteTree(work);
    }
  }

  /** The options replicas get today; the variants add to them. */
  private static List<String> replicaFlags() {
    return SelfCommand.jvmFlags(Runtime.version().feature());
  }

  private static List<Variant> variants(Path work) {
    List<String> base = replicaFlags();
    List<String> quick = plus(base, "-XX:TieredStopAtLevel=1",
        "-Dcom.linecorp.armeria.useOpenSsl=false");
    String cds = work.resolve("replica.jsa").toString();
    List<String> cdsFlags = plus(base, "-XX:SharedArchiveFile=" + cds,
        "-XX:+AutoCreateSharedArchive");
    List<Variant> variants = new ArrayList<>(List.of(
        new Variant("replica options today", base, List.of()),
        new Variant("+ -XX:TieredStopAtLevel=1", plus(base, "-XX:TieredStopAtLevel=1"),
            List.of()),
        new Variant("+ -Dcom.linecorp.armeria.useOpenSsl=false",
            plus(base, "-Dcom.linecorp.armeria.useOpenSsl=false"), List.of()),
        new Variant("+ dynamic CDS archive", cdsFlags, cdsFlags)));
    if (Runtime.version().feature() >= 25) {
      String aot = work.resolve("replica.aot").toString();
      String quickAot = work.resolve("replica-quick.aot").toString();
      variants.add(new Variant("+ AOT cache", plus(base, "-XX:AOTCache=" + aot),
          plus(base, "-XX:AOTCacheOutput=" + aot)));
      variants.add(new Variant("+ AOT cache, C1 only, no OpenSSL",
          plus(quick, "-XX:AOTCache=" + quickAot), plus(quick, "-XX:AOTCacheOutput=" + quickAot)));
    }
    return variants;
  }

  private void run(List<Variant> variants, int runs, int together) {
    System.out.printf("load average %s; %d starts per variant, one at a time%n",
        ProcStats.loadAverage(), runs);
    System.out.printf("%-44s %14s %14s %12s%n", "variant", "launch→ready", "CPU by ready",
        "RSS");
    for (Variant variant : variants) {
      if (!variant.training().isEmpty()) {
        Replica trainer = launch(variant.training());
        awaitReady(List.of(trainer));
        stop(trainer);
      }
      List<Sample> samples = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        samples.add(startOnce(variant.flags()));
      }
      System.out.printf("%-44s %11.0f ms %11.0f ms %8.0f MiB   (medians; launch→ready %s)%n",
          variant.label(),
          Summary.of(samples.stream().map(Sample::wallMillis).toList()).median(),
          Summary.of(samples.stream().map(Sample::cpuMillis).toList()).median(),
          Summary.of(samples.stream().map(s -> s.rssKib() / 1024.0).toList()).median(),
          samples.stream().map(s -> "%.0f".formatted(s.wallMillis())).toList());
    }
    for (Variant variant : List.of(variants.getFirst(), variants.getLast())) {
      startTogether(variant, together);
    }
  }

  private Sample startOnce(List<String> flags) {
    long start = System.nanoTime();
    Replica replica = launch(flags);
    awaitReady(List.of(replica));
    double wall = (System.nanoTime() - start) / 1e6;
    ProcStats stats = ProcStats.of(replica.process().pid()).orElse(ProcStats.NONE);
    stop(replica);
    return new Sample(wall, stats.cpuTicks() * 1000 / ProcStats.TICKS_PER_SECOND, stats.rssKib());
  }

  private void startTogether(Variant variant, int count) {
    long start = System.nanoTime();
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      replicas.add(launch(variant.flags()));
    }
    awaitReady(replicas);
    double wall = (System.nanoTime() - start) / 1e6;
    ProcStats total =
        ProcStats.sum(replicas.stream().map(r -> r.process().toHandle()).toList());
    replicas.forEach(this::stop);
    System.out.printf("%d at once, %s: all ready %.1f s after the first launch; %.1f s of CPU"
            + " in all; load average %s%n", count, variant.label(), wall / 1e3,
        total.cpuTicks() / ProcStats.TICKS_PER_SECOND, ProcStats.loadAverage());
  }

  private Replica launch(List<String> flags) {
    int port = BenchServer.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.addAll(List.of("-jar", jar.toString(), "model-server", "--model-dir",
        model.toString(), "--model-name", MODEL, "--http-port", Integer.toString(port)));
    try {
      return new Replica(new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(log.toFile())).start(), port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  private void awaitReady(List<Replica> replicas) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    boolean[] ready = new boolean[replicas.size()];
    int left = replicas.size();
    while (left > 0) {
      for (int i = 0; i < replicas.size(); i++) {
        if (ready[i]) {
          continue;
        }
        Process process = replicas.get(i).process();
        if (!process.isAlive()) {
          replicas.forEach(this::stop);
          throw new IllegalStateException("a replica exited with code " + process.exitValue()
              + " before it was ready; see " + log);
        }
        if (probe(replicas.get(i).port())) {
          ready[i] = true;
          left--;
        }
      }
      if (System.nanoTime() > deadline) {
        replicas.forEach(this::stop);
        throw new IllegalStateException("replicas not ready after " + PATIENCE + "; see " + log);
      }
      if (left > 0) {
        BenchServer.pause(POLL);
      }
    }
  }

  private boolean probe(int port) {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/models/" + MODEL))
        .timeout(Duration.ofSeconds(1)).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** SIGTERM, as the supervisor stops a replica; an archive being written needs the clean exit. */
  private void stop(Replica replica) {
    Process process = replica.process();
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> plus(List<String> flags, String... more) {
    List<String> all = new ArrayList<>(flags);
    all.addAll(List.of(more));
    return all;
  }
}
