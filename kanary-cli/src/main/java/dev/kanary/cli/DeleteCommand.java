package dev.kanary.cli;

import dev.kanary.cli.client.KanaryClient;
import dev.kanary.cli.client.ResourceKind;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Delete objects by name, as kubectl delete does. An InferenceService takes its Knative",
      "Service, revisions and replicas with it.",
      "TYPE: isvc, ksvc, revision or clusterservingruntime."
    })
final class DeleteCommand implements Callable<Integer> {
  private static final Set<ResourceKind> DELETABLE = EnumSet.of(ResourceKind.INFERENCE_SERVICE,
      ResourceKind.SERVICE, ResourceKind.REVISION, ResourceKind.CLUSTER_SERVING_RUNTIME);

  @Spec CommandSpec spec;
  @Mixin ServerOptions server;
  @Mixin NamespaceOption namespace;

  @Parameters(index = "0", paramLabel = "TYPE", description = "What to delete, e.g. isvc.")
  String type;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME", description = "Names.")
  List<String> names;

  @Override
  public Integer call() {
    ResourceKind kind = GetCommand.kind(type);
    if (!DELETABLE.contains(kind)) {
      throw CommandException.usage(kind.qualifiedPlural() + " cannot be deleted: the server"
          + " makes and removes them; delete takes isvc, ksvc, revision and"
          + " clusterservingruntime");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (KanaryClient client = server.connect()) {
      for (String name : names) {
        client.delete(kind.path(namespace.namespace, name));
        out.println(kind.qualifiedName() + " \"" + name + "\" deleted");
        out.flush();
      }
    }
    return ExitCodes.OK;
  }
}
