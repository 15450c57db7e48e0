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
    name = "rollback",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Send all the traffic back to the last rolled-out revision: set",
      "spec.predictor.canaryTrafficPercent to 0. Follow it with: kanary rollout status NAME"
    })
final class RolloutRollbackCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ServerOptions server;
  @Mixin NamespaceOption namespace;

  @Parameters(index = "0", paramLabel = "NAME", description = "The InferenceService.")
  String name;

  @Override
  public Integer call() {
    String id = ResourceKind.INFERENCE_SERVICE.qualifiedName() + "/" + name;
    try (KanaryClient client = server.connect()) {
      boolean patched = CanaryPatch.set(client, namespace.namespace, name, Optional.of(0));
      spec.commandLine().getOut().println(patched
          ? id + " rolled back"
          : id + " unchanged (canaryTrafficPercent is 0 already)");
    }
    return ExitCodes.OK;
  }
}
