package dev.kanary.cli;

import dev.kanary.cli.client.GatewayClient;
import dev.kanary.server.KanaryServer;
import dev.kanary.server.NettyDefaults;
import dev.kanary.server.ServerConfig;
import dev.kanary.server.replica.SelfCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Replay KServe's canary tutorial on the shipped iris models, printing each command as you",
      "would type it and what it prints: deploy, predict, canary 10%, 200 requests split 90/10,",
      "promote, roll back, tag routing. Runs its own server in a temporary directory and leaves",
      "nothing behind."
    })
final class QuickstartCommand implements Callable<Integer> {
  static final String NAME = "sklearn-iris";
  static final String NAMESPACE = "kserve-test";
  static final String ROWS = "{\"instances\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}";
  static final int REQUESTS = 200;

  @Spec CommandSpec spec;

  @Option(names = "--models", paramLabel = "DIR", defaultValue = "examples/models/iris",
      description = "Where model-1 and model-2 are (default: ${DEFAULT-VALUE}, from the"
          + " repository's root).")
  Path models;

  private PrintWriter out;
  private Map<String, String> env;
  private Path files;

  @Override
  public Integer call() throws IOException {
    NettyDefaults.apply();
    Path model1 = models.resolve("model-1").toAbsolutePath().normalize();
    Path model2 = models.resolve("model-2").toAbsolutePath().normalize();
    if (!Files.isDirectory(model1) || !Files.isDirectory(model2)) {
      throw CommandException.usage("no iris models in " + models.toAbsolutePath().normalize()
          + ": run kanary quickstart from the repository's root, or give --models DIR (the"
          + " directory holding model-1 and model-2)");
    }
    quietServerLog();
    out = spec.commandLine().getOut();
    long start = System.nanoTime();
    Path dir = Files.createTempDirectory("kanary-quickstart-");
    files = Files.createDirectories(dir.resolve("files"));
    out.println("# A kanary server of its own, in " + dir + "; as yourself: ./kanary server");
    out.flush();
    try (KanaryServer server = KanaryServer.start(ServerConfig.defaults(dir,
        SelfCommand.of(Main.class, dir.resolve("run"))).withPorts(0, 0))) {
      env = Map.of(
          "KANARY_SERVER", "http://127.0.0.1:" + server.apiPort(),
          "KANARY_TOKEN", server.token().value(),
          PredictCommand.GATEWAY_ENV, "http://127.0.0.1:" + server.httpPort());
      tutorial(model1, model2);
    } finally {
      deleteTree(dir);
    }
    out.printf("%n# Done in %d s: the server and its replicas are stopped. Do it yourself with"
            + " ./kanary server and docs/getting-started.md.%n",
        Duration.ofNanos(System.nanoTime() - start).toSeconds());
    out.flush();
    return ExitCodes.OK;
  }

  /** The steps of seeds/002, as kubectl and kn users know them. */
  private void tutorial(Path model1, Path model2) {
    step("1. Deploy the first model");
    apply(isvc(model1, null, false));
    kanary("rollout", "status", NAME, "-n", NAMESPACE);
    kanary("get", "isvc", NAME, "-n", NAMESPACE);

    step("2. Ask it");
    kanary("predict", NAME, "-n", NAMESPACE, "-d", ROWS);

    step("3. Canary the second model at 10%");
    apply(isvc(model2, 10, false));
    kanary("rollout", "status", NAME, "-n", NAMESPACE);
    kanary("get", "isvc", NAME, "-n", NAMESPACE);
    kanary("get", "pods", "-n", NAMESPACE);

    step("4. " + REQUESTS + " requests: which revision served each");
    split();

    step("5. Promote the canary");
    kanary("rollout", "promote", NAME, "-n", NAMESPACE);
    kanary("rollout", "status", NAME, "-n", NAMESPACE);
    kanary("get", "isvc", NAME, "-n", NAMESPACE);

    step("6. Roll back");
    kanary("rollout", "rollback", NAME, "-n", NAMESPACE);
    kanary("rollout", "status", NAME, "-n", NAMESPACE);
    kanary("get", "isvc", NAME, "-n", NAMESPACE);

    step("7. Tag routing: each revision of the split gets a host of its own");
    apply(isvc(model2, 10, true));
    kanary("rollout", "status", NAME, "-n", NAMESPACE);
    kanary("get", "isvc", NAME, "-n", NAMESPACE);
    kanary("predict", NAME, "-n", NAMESPACE, "--tag", "latest", "-d", ROWS);
    kanary("predict", NAME, "-n", NAMESPACE, "--tag", "prev", "-d", ROWS);
  }

  private void step(String title) {
    out.println();
    out.println("# " + title);
    out.flush();
  }

  /** Prints the command as typed, then runs it against the quickstart's server. */
  private void kanary(String... args) {
    out.println("$ kanary " + String.join(" ", quoted(args)));
    out.flush();
    run(args);
  }

  private void apply(String yaml) {
    out.println("$ kanary apply -f - <<EOF");
    out.print(yaml);
    out.println("EOF");
    out.flush();
    Path file;
    try {
      file = Files.createTempFile(files, "isvc", ".yaml");
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run("apply", "-f", file.toString());
  }

  private void run(String... args) {
    CommandLine cmd = Main.commandLine(env);
    cmd.setOut(out);
    cmd.setErr(spec.commandLine().getErr());
    int exit = cmd.execute(args);
    if (exit != ExitCodes.OK) {
      throw CommandException.failed("quickstart stopped: 'kanary " + String.join(" ", args)
          + "' exited with " + exit);
    }
  }

  /** What uniq -c would print for the Kanary-Revision lines of that many predictions. */
  private void split() {
    out.println("$ for i in $(seq " + REQUESTS + "); do kanary predict " + NAME + " -n "
        + NAMESPACE + " -d '" + ROWS + "' | grep " + GatewayClient.REVISION_HEADER
        + "; done | sort | uniq -c");
    String host = NAME + "." + NAMESPACE + "." + ServerConfig.DEFAULT_DOMAIN;
    String path = "/v1/models/" + NAME + ":predict";
    Map<String, Integer> served = new TreeMap<>();
    try (GatewayClient gateway = new GatewayClient(URI.create(env.get(
        PredictCommand.GATEWAY_ENV)))) {
      for (int i = 0; i < REQUESTS; i++) {
        GatewayClient.Answer answer = gateway.post(host, path, ROWS);
        if (answer.status() != 200) {
          throw CommandException.failed("quickstart stopped: request " + (i + 1) + " got "
              + answer.status() + ": " + answer.body());
        }
        served.merge(answer.revision(), 1, Integer::sum);
      }
    }
    served.forEach((revision, count) ->
        out.printf("%7d %s: %s%n", count, GatewayClient.REVISION_HEADER, revision));
    out.flush();
  }

  private static String isvc(Path model, Integer canaryPercent, boolean tagRouting) {
    return """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: %s
          namespace: %s
        %sspec:
          predictor:
        %s    model:
              modelFormat:
                name: onnx
              storageUri: %s
        """.formatted(NAME, NAMESPACE,
        tagRouting ? "  annotations:\n    serving.kserve.io/enable-tag-routing: \"true\"\n" : "",
        canaryPercent == null ? "" : "    canaryTrafficPercent: " + canaryPercent + "\n",
        model);
  }

  /** Arguments as a shell would need them, e.g. the JSON body in single quotes. */
  private static List<String> quoted(String[] args) {
    return Stream.of(args)
        .map(arg -> arg.matches("[\\w@%+=:,./-]+") ? arg : "'" + arg + "'")
        .toList();
  }

  /**
   * The embedded server logs each state change; here the commands' output tells the story, and
   * says what failed. Takes effect when nothing has logged yet, as in a fresh quickstart.
   */
  private static void quietServerLog() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
