package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.cli.client.KanaryClient;
import dev.kanary.cli.client.ResourceKind;
import dev.kanary.core.knative.ServingLabels;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Show an InferenceService in detail: its predictor, its revisions with their traffic, its",
      "conditions with reasons and messages, and the recent events of its Service, revisions and",
      "replicas. TYPE: isvc."
    })
final class DescribeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ServerOptions server;
  @Mixin NamespaceOption namespace;

  @Parameters(index = "0", paramLabel = "TYPE", description = "isvc.")
  String type;

  @Parameters(index = "1", paramLabel = "NAME", description = "The InferenceService.")
  String name;

  private final Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    if (GetCommand.kind(type) != ResourceKind.INFERENCE_SERVICE) {
      throw CommandException.usage("describe shows InferenceServices (isvc); for "
          + ResourceKind.byName(type).orElseThrow().qualifiedPlural() + " use: kanary get "
          + type + " NAME -o yaml");
    }
    String ns = namespace.namespace;
    String service = name + "-predictor";
    try (KanaryClient client = server.connect()) {
      JsonNode isvc = client.get(ResourceKind.INFERENCE_SERVICE.path(ns, name));
      List<JsonNode> revisions = new ArrayList<>();
      client.get(ResourceKind.REVISION.listPath(ns, ServingLabels.SERVICE + "=" + service))
          .path("items").forEach(revisions::add);
      Set<String> revisionNames = new HashSet<>();
      revisions.forEach(r -> revisionNames.add(r.at("/metadata/name").asText()));
      List<JsonNode> events = new ArrayList<>();
      for (JsonNode event : client.get(ResourceKind.EVENT.path(ns, null)).path("items")) {
        if (concerns(event.path("involvedObject"), service, revisionNames)) {
          events.add(event);
        }
      }
      spec.commandLine().getOut().print(
          InferenceServiceDescription.render(isvc, revisions, events, clock.instant()));
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }

  /** The InferenceService, its Service, one of its revisions, or a replica of one. */
  private boolean concerns(JsonNode object, String service, Set<String> revisions) {
    String objectName = object.path("name").asText();
    return switch (object.path("kind").asText()) {
      case "InferenceService" -> objectName.equals(name);
      case "Service" -> objectName.equals(service);
      case "Revision" -> revisions.contains(objectName);
      case "Pod" -> revisions.stream().anyMatch(r -> objectName.startsWith(r + "-deployment-"));
      default -> false;
    };
  }
}
