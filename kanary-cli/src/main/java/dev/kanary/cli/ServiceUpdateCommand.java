package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.cli.client.ApiError;
import dev.kanary.cli.client.KanaryClient;
import dev.kanary.cli.client.ResourceKind;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.core.traffic.edit.TrafficEditException;
import dev.kanary.core.traffic.edit.TrafficFlagParser;
import dev.kanary.core.traffic.edit.TrafficFlags;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Change a Knative Service's traffic block with kn's flags and kn's rules, then wait until",
      "its route serves it. A Service an InferenceService owns is set back by the InferenceService",
      "controller: change canaryTrafficPercent on the InferenceService instead."
    })
final class ServiceUpdateCommand implements Callable<Integer> {
  static final int CONFLICT_ATTEMPTS = 5;
  static final String ISVC_LABEL = "serving.kserve.io/inferenceservice";

  @Spec CommandSpec spec;
  @Mixin ServerOptions server;
  @Mixin NamespaceOption namespace;

  @Parameters(index = "0", paramLabel = "NAME", description = "The Service.")
  String name;

  @Option(names = "--traffic", paramLabel = "REF=PERCENT",
      description = "Split traffic: a revision, a tag or @latest, =percent; repeat or separate"
          + " with commas. A bare PERCENT is @latest's. Percents left over go to the one target"
          + " left out.")
  List<String> traffic = new ArrayList<>();

  @Option(names = "--tag", paramLabel = "REVISION=TAG",
      description = "Tag a revision (or @latest) so that TAG-{service}.{namespace}.{domain}"
          + " reaches it; a bare TAG tags @latest.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--untag", paramLabel = "TAG", description = "Remove a tag.")
  List<String> untags = new ArrayList<>();

  @Option(names = "--no-wait", description = "Do not wait for the route to serve the change.")
  boolean noWait;

  @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "600",
      description = "How long to wait (default: ${DEFAULT-VALUE}).")
  int waitTimeout;

  @Override
  public Integer call() throws InterruptedException {
    if (traffic.isEmpty() && tags.isEmpty() && untags.isEmpty()) {
      throw CommandException.usage("nothing to update: give --traffic, --tag or --untag");
    }
    TrafficFlags flags = new TrafficFlags(traffic, tags, untags);
    try {
      TrafficFlagParser.parse(flags);
    } catch (TrafficEditException e) {
      throw CommandException.usage(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    ResourceKind services = ResourceKind.SERVICE;
    String ns = namespace.namespace;
    try (KanaryClient client = server.connect()) {
      JsonNode updated = update(client, flags);
      String owner = updated.at("/metadata/labels").path(ISVC_LABEL).asText("");
      if (!owner.isEmpty()) {
        spec.commandLine().getErr().println("kanary: warning: service " + name + " belongs to"
            + " inferenceservice " + owner + ", whose controller sets its traffic from"
            + " canaryTrafficPercent and will undo this change; use kanary rollout or kanary"
            + " apply on the InferenceService instead");
      }
      if (noWait) {
        out.println("Service '" + name + "' updated in namespace '" + ns + "'.");
        return ExitCodes.OK;
      }
      out.println("Updating Service '" + name + "' in namespace '" + ns + "':");
      out.println();
      out.flush();
      JsonNode ready = awaitReady(client, services.path(ns, name),
          updated.at("/metadata/generation").asLong(), out);
      out.println();
      out.println("Service '" + name + "' with latest revision '"
          + ready.at("/status/latestReadyRevisionName").asText() + "' (unchanged) is available"
          + " at URL:");
      out.println(ready.at("/status/url").asText());
      out.flush();
    }
    return ExitCodes.OK;
  }

  /** GET, compute, PUT with the resourceVersion read; again when another writer got between. */
  private JsonNode update(KanaryClient client, TrafficFlags flags) {
    String path = ResourceKind.SERVICE.path(namespace.namespace, name);
    for (int attempt = 1; ; attempt++) {
      JsonNode service = client.get(path);
      List<JsonNode> revisions = new ArrayList<>();
      client.get(ResourceKind.REVISION.listPath(namespace.namespace,
          ServingLabels.SERVICE + "=" + name)).path("items").forEach(revisions::add);
      ObjectNode updated;
      try {
        updated = TrafficUpdate.apply(service, revisions, flags);
      } catch (TrafficEditException e) {
        throw CommandException.failed(e.getMessage());
      }
      try {
        return client.replace(path, updated);
      } catch (ApiError e) {
        if (e.code() != 409 || attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** kn's wait: the Ready condition's messages as they change, until it is True or False. */
  private JsonNode awaitReady(KanaryClient client, String path, long generation, PrintWriter out)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(waitTimeout).toNanos();
    String said = "";
    while (true) {
      JsonNode service = client.get(path);
      JsonNode ready = Conditions.find(service, "Ready");
      boolean current = service.at("/status/observedGeneration").asLong() >= generation;
      String status = ready.path("status").asText("Unknown");
      String message = current && status.equals("True") ? "Ready to serve."
          : ready.path("message").asText("");
      if (!message.isEmpty() && !message.equals(said)) {
        out.printf(Locale.ROOT, "%7.3fs %s%n", (System.nanoTime() - start) / 1e9, message);
        out.flush();
        said = message;
      }
      if (current && status.equals("True")) {
        return service;
      }
      if (current && status.equals("False")) {
        throw CommandException.failed(ready.path("reason").asText("NotReady") + ": "
            + ready.path("message").asText(""));
      }
      if (System.nanoTime() > deadline) {
        throw CommandException.failed("timeout: service '" + name + "' not ready after "
            + waitTimeout + " seconds");
      }
      Thread.sleep(Polling.INTERVAL.toMillis());
    }
  }
}
