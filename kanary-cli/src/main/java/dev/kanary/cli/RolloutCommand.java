package dev.kanary.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Canary rollouts of an InferenceService, as KServe's tutorial does them:",
      "status waits for one, promote gives the canary all traffic, rollback none."
    },
    subcommands = {
      RolloutStatusCommand.class,
      RolloutPromoteCommand.class,
      RolloutRollbackCommand.class,
      CommandLine.HelpCommand.class
    })
final class RolloutCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw CommandException.usage("rollout needs a subcommand: status, promote or rollback (see"
        + " 'kanary rollout --help')");
  }
}
