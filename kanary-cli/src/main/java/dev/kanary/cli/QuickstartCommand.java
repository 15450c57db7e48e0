package dev.kanary.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "quickstart",
    description = "Replay KServe's canary tutorial on the shipped iris models (coming soon).")
final class QuickstartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println("""
        kanary quickstart is coming: it will start an embedded server, deploy the iris model,
        canary a second version at 10%, promote it and roll it back, printing each command.
        Today you can do the same by hand: start ./kanary server, then follow
        docs/getting-started.md (./kanary apply, get isvc, rollout status, promote, rollback).""");
    return ExitCodes.OK;
  }
}
