package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.cli.client.GatewayClient;
import dev.kanary.cli.client.KanaryClient;
import dev.kanary.cli.client.ResourceKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Send a prediction to an InferenceService through the gateway, with its host in the Host",
      "header as a client of a cluster would, and print the answer and the revision that served",
      "it (the gateway's Kanary-Revision header)."
    })
final class PredictCommand implements Callable<Integer> {
  static final String GATEWAY_ENV = "KANARY_GATEWAY";
  static final int DEFAULT_GATEWAY_PORT = 8080;

  @Spec CommandSpec spec;
  @Mixin ServerOptions server;
  @Mixin NamespaceOption namespace;

  @Parameters(index = "0", paramLabel = "NAME", description = "The InferenceService.")
  String name;

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
      description = "The request body, a JSON file, or - for standard input.")
  String file;

  @Option(names = {"-d", "--data"}, paramLabel = "JSON", description = "The request body.")
  String data;

  @Option(names = "--tag", paramLabel = "TAG",
      description = "Send it to the revision with this tag (latest, prev, or your own), through"
          + " its own host; tag routing must be on.")
  String tag;

  @Option(names = "--v2", description = "KServe's V2 protocol: POST /v2/models/NAME/infer"
      + " (default: V1, POST /v1/models/NAME:predict).")
  boolean v2;

  @Option(names = "--gateway", paramLabel = "URL",
      description = "The gateway (default: $" + GATEWAY_ENV + ", else the server's host on port "
          + DEFAULT_GATEWAY_PORT + ").")
  String gateway;

  private final Map<String, String> env;

  PredictCommand() {
    this(System.getenv());
  }

  PredictCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    String body = body();
    String host;
    URI gatewayUri;
    try (KanaryClient client = server.connect()) {
      gatewayUri = gatewayUri(client.server());
      JsonNode isvc = client.get(ResourceKind.INFERENCE_SERVICE.path(namespace.namespace, name));
      host = host(isvc);
    }
    String path = v2 ? "/v2/models/" + name + "/infer" : "/v1/models/" + name + ":predict";
    GatewayClient.Answer answer;
    try (GatewayClient client = new GatewayClient(gatewayUri)) {
      answer = client.post(host, path, body);
    }
    if (answer.status() / 100 != 2) {
      throw CommandException.failed("the gateway at " + gatewayUri + " answered " + answer.status()
          + " for " + host + path + ": " + answer.body().strip().replaceAll("\\s*\\R\\s*", " "));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(answer.body().strip());
    out.println(GatewayClient.REVISION_HEADER + ": " + answer.revision());
    out.flush();
    return ExitCodes.OK;
  }

  /** The InferenceService's host, or its tagged revision's. */
  private String host(JsonNode isvc) {
    if (tag == null) {
      String url = isvc.at("/status/url").asText("");
      if (url.isEmpty()) {
        throw CommandException.failed("inferenceservice " + name + " has no URL yet: it is not"
            + " ready (see kanary rollout status " + name + " -n " + namespace.namespace + ")");
      }
      return URI.create(url).getHost();
    }
    List<String> tags = new ArrayList<>();
    for (JsonNode target : isvc.at("/status/components/predictor/traffic")) {
      String targetTag = target.path("tag").asText("");
      if (targetTag.equals(tag) && !target.path("url").asText("").isEmpty()) {
        return URI.create(target.path("url").asText()).getHost();
      }
      if (!targetTag.isEmpty()) {
        tags.add(targetTag);
      }
    }
    throw CommandException.failed("inferenceservice " + name + " has no revision tagged \"" + tag
        + "\"" + (tags.isEmpty() ? "" : " (its tags: " + String.join(", ", tags) + ")")
        + "; the latest revision is tagged once the annotation"
        + " serving.kserve.io/enable-tag-routing: \"true\" is set");
  }

  private String body() {
    if ((file == null) == (data == null)) {
      throw CommandException.usage("give the request body with -f FILE or -d JSON, e.g."
          + " -d '{\"instances\": [[6.8, 2.8, 4.8, 1.4]]}'");
    }
    if (data != null) {
      return data;
    }
    try {
      return file.equals("-")
          ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      throw CommandException.usage(file + ": no such file");
    } catch (IOException e) {
      throw CommandException.usage(file + ": " + e.getMessage());
    }
  }

  private URI gatewayUri(URI apiServer) {
    String text = gateway != null ? gateway : env.get(GATEWAY_ENV);
    if (text == null || text.isBlank()) {
      return URI.create("http://" + apiServer.getHost() + ":" + DEFAULT_GATEWAY_PORT);
    }
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // the message below says what is expected
    }
    throw CommandException.usage("--gateway \"" + text + "\" is not an http:// URL; give the"
        + " server's inference address, e.g. http://127.0.0.1:" + DEFAULT_GATEWAY_PORT);
  }
}
