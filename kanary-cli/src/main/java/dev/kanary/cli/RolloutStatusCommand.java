package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.cli.client.KanaryClient;
import dev.kanary.cli.client.ResourceKind;
import dev.kanary.core.k8s.GoDuration;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Wait until an InferenceService is Ready at its current generation, printing a line each",
      "time its progress changes: the latest revision, its replicas ready, the traffic served.",
      "Exits 1 when the rollout fails (a revision that does not start) or the timeout passes."
    })
final class RolloutStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ServerOptions server;
  @Mixin NamespaceOption namespace;

  @Parameters(index = "0", paramLabel = "NAME", description = "The InferenceService.")
  String name;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "0s",
      description = "Give up after this long, e.g. 90s or 5m; 0s waits forever"
          + " (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() throws InterruptedException {
    Duration limit = duration(timeout);
    long deadline = System.nanoTime() + limit.toNanos();
    PrintWriter out = spec.commandLine().getOut();
    String ns = namespace.namespace;
    String said = "";
    try (KanaryClient client = server.connect()) {
      while (true) {
        RolloutProgress progress = progress(client, ns);
        if (!progress.line().equals(said)) {
          if (progress.state() == RolloutProgress.State.FAILED) {
            throw CommandException.failed(progress.line());
          }
          out.println(progress.line());
          out.flush();
          said = progress.line();
        }
        if (progress.state() == RolloutProgress.State.DONE) {
          return ExitCodes.OK;
        }
        if (!limit.isZero() && System.nanoTime() > deadline) {
          throw CommandException.failed("timed out after " + timeout + " waiting for"
              + " inferenceservice \"" + name + "\" to roll out");
        }
        Thread.sleep(Polling.INTERVAL.toMillis());
      }
    }
  }

  private RolloutProgress progress(KanaryClient client, String ns) {
    JsonNode isvc = client.get(ResourceKind.INFERENCE_SERVICE.path(ns, name));
    Optional<JsonNode> service =
        client.find(ResourceKind.SERVICE.path(ns, name + "-predictor"));
    Optional<JsonNode> revision = service
        .map(s -> s.at("/status/latestCreatedRevisionName").asText(""))
        .filter(revisionName -> !revisionName.isEmpty())
        .flatMap(revisionName -> client.find(ResourceKind.REVISION.path(ns, revisionName)));
    return RolloutProgress.of(name, isvc, service, revision);
  }

  static Duration duration(String text) {
    if (GoDuration.parse(text) instanceof GoDuration.Valid valid
        && !valid.duration().isNegative()) {
      return valid.duration();
    }
    throw CommandException.usage("--timeout \"" + text + "\" is not a duration; give one such as"
        + " 90s, 5m or 1h30m (0s waits forever)");
  }
}
