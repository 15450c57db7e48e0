package dev.kanary.cli;

import dev.kanary.cli.client.KanaryClient;
import dev.kanary.cli.client.ResourceKind;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Give the canary all the traffic: remove spec.predictor.canaryTrafficPercent, so that the",
      "latest ready revision takes 100%. Follow it with: kanary rollout status NAME"
    })
final class RolloutPromoteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ServerOptions server;
  @Mixin NamespaceOption namespace;

  @Parameters(index = "0", paramLabel = "NAME", description = "The InferenceService.")
  String name;

  @Override
  public Integer call() {
    String id = ResourceKind.INFERENCE_SERVICE.qualifiedName() + "/" + name;
    try (KanaryClient client = server.connect()) {
      boolean patched = CanaryPatch.set(client, namespace.namespace, name, Optional.empty());
      spec.commandLine().getOut().println(patched
          ? id + " promoted"
          : id + " unchanged (no canaryTrafficPercent: the latest ready revision takes all the"
              + " traffic already)");
    }
    return ExitCodes.OK;
  }
}
