package dev.kanary.cli;

import picocli.CommandLine.Option;

/** {@code -n/--namespace}, as kubectl has it; a mixin of every namespaced command. */
final class NamespaceOption {
  static final String DEFAULT = "default";

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      defaultValue = DEFAULT,
      description = "The namespace (default: ${DEFAULT-VALUE}).")
  String namespace;
}
