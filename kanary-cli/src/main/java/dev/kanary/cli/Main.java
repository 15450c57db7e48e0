package dev.kanary.cli;

import dev.kanary.cli.client.ApiError;
import dev.kanary.cli.client.ClientError;
import java.io.PrintWriter;
import java.util.Map;
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
      ApplyCommand.class,
      GetCommand.class,
      DescribeCommand.class,
      DeleteCommand.class,
      RolloutCommand.class,
      ServiceCommand.class,
      LogsCommand.class,
      PredictCommand.class,
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
    return commandLine(System.getenv());
  }

  /** The command line reading $KANARY_SERVER, $KANARY_TOKEN, ... from this environment. */
  public static CommandLine commandLine(Map<String, String> env) {
    return new CommandLine(new Main(), new EnvironmentFactory(env))
        .setExitCodeExceptionMapper(ex -> ExitCodes.USAGE)
        .setParameterExceptionHandler(Main::usageError)
        .setExecutionExceptionHandler(Main::failure);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    cmd.getErr().println("kanary: " + ex.getMessage() + " (see '" + qualifiedName(cmd)
        + " --help')");
    return ExitCodes.USAGE;
  }

  /** One line for whatever stopped a command, and its exit code. */
  private static int failure(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    cmd.getOut().flush();
    switch (ex) {
      case CommandException e -> {
        err.println("kanary: " + e.getMessage());
        return e.exitCode();
      }
      case ApiError e -> {
        err.println(e.line());
        return ExitCodes.REFUSED;
      }
      case ClientError e -> {
        err.println("kanary: " + e.getMessage());
        return ExitCodes.REFUSED;
      }
      default -> {
        err.println("kanary: " + cmd.getCommandName() + " failed: " + ex);
        return ExitCodes.REFUSED;
      }
    }
  }

  /** {@code kanary rollout status}, for the hint to its help. */
  private static String qualifiedName(CommandLine cmd) {
    String name = cmd.getCommandName();
    for (CommandLine parent = cmd.getParent(); parent != null && parent.getParent() != null;
        parent = parent.getParent()) {
      name = parent.getCommandName() + " " + name;
    }
    return name;
  }
}
