package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.cli.client.ApiError;
import dev.kanary.cli.client.KanaryClient;
import dev.kanary.cli.client.ResourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Print a replica's log, as kubectl logs does: name a pod (see kanary get pods), or a",
      "revision to read one of its replicas. A stopped replica's log can still be read."
    })
final class LogsCommand implements Callable<Integer> {
  static final String REVISION_LABEL = "serving.knative.dev/revision";

  @Spec CommandSpec spec;
  @Mixin ServerOptions server;
  @Mixin NamespaceOption namespace;

  @Parameters(index = "0", paramLabel = "POD|REVISION", description = "A pod or a revision.")
  String name;

  @Option(names = {"-f", "--follow"},
      description = "Keep printing what the replica writes, until it stops.")
  boolean follow;

  @Override
  public Integer call() {
    String ns = namespace.namespace;
    try (KanaryClient client = server.connect()) {
      String pod = podOf(client, ns);
      String path = ResourceKind.POD.path(ns, pod) + "/log" + (follow ? "?follow=true" : "");
      try (InputStream log = client.stream(path)) {
        copy(log, spec.commandLine().getOut());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ExitCodes.OK;
  }

  /** The pod of that name; else one of the revision of that name, the first ready one. */
  private String podOf(KanaryClient client, String ns) {
    try {
      client.get(ResourceKind.POD.path(ns, name));
      return name;
    } catch (ApiError e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
    List<JsonNode> pods = new ArrayList<>();
    client.get(ResourceKind.POD.listPath(ns, REVISION_LABEL + "=" + name)).path("items")
        .forEach(pods::add);
    if (pods.isEmpty()) {
      if (client.find(ResourceKind.REVISION.path(ns, name)).isPresent()) {
        throw CommandException.failed("revision " + name + " has no replicas running (a revision"
            + " without traffic is scaled to zero); 'kanary get pods -n " + ns + "' lists them,"
            + " and a stopped one's log is read by its pod name");
      }
      return name;
    }
    JsonNode chosen = pods.stream()
        .filter(pod -> pod.at("/status/containerStatuses/0/ready").asBoolean())
        .findFirst()
        .orElse(pods.get(0));
    String pod = chosen.at("/metadata/name").asText();
    if (pods.size() > 1) {
      spec.commandLine().getErr().println("Found " + pods.size() + " pods, using pod/" + pod);
      spec.commandLine().getErr().flush();
    }
    return pod;
  }

  private static void copy(InputStream log, PrintWriter out) throws IOException {
    Reader reader = new InputStreamReader(log, StandardCharsets.UTF_8);
    char[] buffer = new char[8192];
    for (int read; (read = reader.read(buffer)) >= 0; ) {
      out.write(buffer, 0, read);
      out.flush();
    }
  }
}
