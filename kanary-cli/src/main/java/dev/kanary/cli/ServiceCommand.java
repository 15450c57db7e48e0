package dev.kanary.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "service",
    aliases = "ksvc",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Knative Services, as kn service does.",
    subcommands = {ServiceUpdateCommand.class, CommandLine.HelpCommand.class})
final class ServiceCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw CommandException.usage("service needs a subcommand: update (see 'kanary service"
        + " --help')");
  }
}
