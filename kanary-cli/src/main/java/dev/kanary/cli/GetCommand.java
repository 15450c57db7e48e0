package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.cli.client.KanaryClient;
import dev.kanary.cli.client.ResourceKind;
import dev.kanary.cli.output.ObjectFormats;
import dev.kanary.cli.output.TableFormat;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "List objects, or show some by name, as kubectl get does.",
      "TYPE: isvc (inferenceservices), ksvc (Knative services), revisions, pods (the replicas),",
      "events, clusterservingruntimes."
    })
final class GetCommand implements Callable<Integer> {
  private static final Set<String> FORMATS = Set.of("wide", "yaml", "json", "name");

  @Spec CommandSpec spec;
  @Mixin ServerOptions server;
  @Mixin NamespaceOption namespace;

  @Parameters(index = "0", paramLabel = "TYPE", description = "What to get, e.g. isvc.")
  String type;

  @Parameters(index = "1..*", paramLabel = "NAME", description = "Names; all when none.")
  List<String> names = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "wide, yaml, json or name (default: a table).")
  String output;

  @Option(names = {"-A", "--all-namespaces"}, description = "Across all namespaces.")
  boolean allNamespaces;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "Only objects with these labels, e.g. -l serving.kserve.io/inferenceservice=x.")
  String selector;

  private final Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    ResourceKind kind = kind(type);
    if (output != null && !FORMATS.contains(output)) {
      throw CommandException.usage("unknown output format \"" + output + "\"; use -o wide, yaml,"
          + " json or name");
    }
    if (allNamespaces && !names.isEmpty()) {
      throw CommandException.usage("a name cannot be given with --all-namespaces: names are per"
          + " namespace; use -n NAMESPACE");
    }
    String ns = allNamespaces ? null : namespace.namespace;
    List<JsonNode> objects = new ArrayList<>();
    try (KanaryClient client = server.connect()) {
      if (names.isEmpty()) {
        client.get(kind.listPath(ns, selector)).path("items").forEach(objects::add);
      } else {
        for (String name : names) {
          objects.add(client.get(kind.path(ns, name)));
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (objects.isEmpty()) {
      spec.commandLine().getErr().println(allNamespaces || !kind.namespaced()
          ? "No resources found"
          : "No resources found in " + ns + " namespace.");
      return ExitCodes.OK;
    }
    JsonNode document = names.size() == 1 ? objects.get(0) : ObjectFormats.list(objects);
    switch (output == null ? "" : output) {
      case "yaml" -> out.print(ObjectFormats.yaml(document));
      case "json" -> out.print(ObjectFormats.json(document));
      case "name" -> objects.forEach(object ->
          out.println(kind.qualifiedName() + "/" + object.at("/metadata/name").asText()));
      default -> out.print(table(kind, objects, clock.instant(), "wide".equals(output)));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The table; across namespaces, with kubectl's NAMESPACE column first. */
  private String table(ResourceKind kind, List<JsonNode> objects, Instant now, boolean wide) {
    TableFormat format = Tables.of(kind);
    return (allNamespaces ? new WithNamespace(format) : format).render(objects, now, wide);
  }

  private record WithNamespace(TableFormat format) implements TableFormat {
    @Override
    public List<String> headers(boolean wide) {
      List<String> headers = new ArrayList<>(List.of("NAMESPACE"));
      headers.addAll(format.headers(wide));
      return headers;
    }

    @Override
    public List<String> row(JsonNode object, Instant now, boolean wide) {
      List<String> row = new ArrayList<>(List.of(object.at("/metadata/namespace").asText("")));
      row.addAll(format.row(object, now, wide));
      return row;
    }
  }

  static ResourceKind kind(String type) {
    return ResourceKind.byName(type).orElseThrow(() -> CommandException.usage(
        "unknown resource type \"" + type + "\"; kanary serves " + ResourceKind.names()));
  }
}
