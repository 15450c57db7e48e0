package dev.kanary.cli;

/** A command that cannot do what it was asked: one line for the user, and the exit code. */
final class CommandException extends RuntimeException {
  private final int exitCode;

  private CommandException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The command line is wrong: exit 2. */
  static CommandException usage(String message) {
    return new CommandException(ExitCodes.USAGE, message);
  }

  /** The command was understood and could not be done: exit 1. */
  static CommandException failed(String message) {
    return new CommandException(ExitCodes.REFUSED, message);
  }

  int exitCode() {
    return exitCode;
  }
}
