package dev.kanary.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kanary} command. */
@Command(
    name = "kanary",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Canary releases for machine-learning models: KServe's API on one machine.",
    subcommands = {
      QuickstartCommand.class,
      ServerCommand.class,
      ValidateCommand.class,
      ModelServerCommand.class,
      OperatorCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run it in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExitCodeExceptionMapper(ex -> ExitCodes.USAGE)
        .setParameterExceptionHandler(Main::usageError);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    cmd.getErr().println("kanary: " + ex.getMessage() + " (see '" + cmd.getCommandName()
        + " --help')");
    return ExitCodes.USAGE;
  }
}
