package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.cli.apply.LastApplied;
import dev.kanary.cli.apply.MergePatches;
import dev.kanary.cli.client.ApiError;
import dev.kanary.cli.client.KanaryClient;
import dev.kanary.cli.client.ResourceKind;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Create or update objects from YAML or JSON, as kubectl apply does: an object that does",
      "not exist is created; one that does gets what the file sets, and loses what the file last",
      "applied set and this one no longer does. Takes InferenceService, ClusterServingRuntime and",
      "Knative Service documents."
    })
final class ApplyCommand implements Callable<Integer> {
  private static final Set<ResourceKind> APPLICABLE = EnumSet.of(ResourceKind.INFERENCE_SERVICE,
      ResourceKind.SERVICE, ResourceKind.CLUSTER_SERVING_RUNTIME);

  @Spec CommandSpec spec;
  @Mixin ServerOptions server;
  @Mixin NamespaceOption namespace;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
      description = "A YAML or JSON file (several documents allowed), or - for standard input.")
  String file;

  @Override
  public Integer call() {
    List<JsonNode> documents = ManifestFiles.read(file, System.in);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String source = ManifestFiles.displayName(file);
    boolean namespaceGiven = spec.commandLine().getParseResult().hasMatchedOption("-n");
    int failures = 0;
    try (KanaryClient client = server.connect()) {
      for (int i = 0; i < documents.size(); i++) {
        try {
          out.println(apply(client, documents.get(i), i + 1, source, namespaceGiven));
          out.flush();
        } catch (CommandException e) {
          err.println("kanary: " + e.getMessage());
          failures++;
        } catch (ApiError e) {
          err.println(e.line());
          failures++;
        }
      }
    }
    return failures == 0 ? ExitCodes.OK : ExitCodes.REFUSED;
  }

  /** Applies one document and says what became of it. */
  private String apply(KanaryClient client, JsonNode document, int index, String source,
      boolean namespaceGiven) {
    if (!document.isObject()) {
      throw CommandException.failed(source + ": document " + index + " is not an object");
    }
    String apiVersion = document.path("apiVersion").asText("");
    String kindName = document.path("kind").asText("");
    ResourceKind kind = ResourceKind.of(apiVersion, kindName)
        .filter(APPLICABLE::contains)
        .orElseThrow(() -> CommandException.failed(source + ": document " + index + ": kind \""
            + kindName + "\" of apiVersion \"" + apiVersion + "\" cannot be applied; apply takes "
            + ResourceKind.applicable()));
    ObjectNode object = document.deepCopy();
    String name = object.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      throw CommandException.failed(source + ": document " + index + ": metadata.name is"
          + " required");
    }
    String ns = null;
    if (kind.namespaced()) {
      ns = namespaceOf(object, source, namespaceGiven);
      ((ObjectNode) object.get("metadata")).put("namespace", ns);
    }
    String id = kind.qualifiedName() + "/" + name;
    ObjectNode modified = LastApplied.annotate(object);
    Optional<JsonNode> live = client.find(kind.path(ns, name));
    if (live.isEmpty()) {
      client.create(kind.path(ns, null), modified);
      return id + " created";
    }
    ObjectNode patch = MergePatches.threeWay(LastApplied.of(live.get()), modified, live.get());
    if (patch.isEmpty()) {
      return id + " unchanged";
    }
    client.mergePatch(kind.path(ns, name), patch);
    return id + " configured";
  }

  /** The document's namespace, else -n's; kubectl refuses the two disagreeing. */
  private String namespaceOf(ObjectNode object, String source, boolean namespaceGiven) {
    String inDocument = object.path("metadata").path("namespace").asText("");
    if (inDocument.isEmpty()) {
      return namespace.namespace;
    }
    if (namespaceGiven && !inDocument.equals(namespace.namespace)) {
      throw CommandException.failed(source + ": the namespace from the provided object \""
          + inDocument + "\" does not match the namespace \"" + namespace.namespace
          + "\"; you must pass '--namespace=" + inDocument + "' to perform this operation");
    }
    return inDocument;
  }
}
