package dev.kanary.cli;

import dev.kanary.cli.client.KanaryClient;
import dev.kanary.server.api.ApiToken;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the kanary server is and how to prove we may use it; a mixin of every client command. */
final class ServerOptions {
  static final String DEFAULT_SERVER = "http://127.0.0.1:8081";
  static final String SERVER_ENV = "KANARY_SERVER";
  static final String DATA_DIR_ENV = "KANARY_DATA_DIR";

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "The kanary server's API (default: $" + SERVER_ENV + ", else "
          + DEFAULT_SERVER + ").")
  String server;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The server's data directory, whose token file the API token is read from"
          + " (default: $" + DATA_DIR_ENV + ", else ~/.kanary).")
  Path dataDir;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "The API token (default: $" + ApiToken.ENV + ", else DIR/token).")
  String token;

  private final Map<String, String> env;

  ServerOptions() {
    this(System.getenv());
  }

  ServerOptions(Map<String, String> env) {
    this.env = env;
  }

  /** A client for the server these options name, with the environment's defaults. */
  KanaryClient connect() {
    URI uri = serverUri(server != null ? server : env.getOrDefault(SERVER_ENV, DEFAULT_SERVER));
    Path dir = dataDir != null ? dataDir : Optional.ofNullable(env.get(DATA_DIR_ENV))
        .filter(value -> !value.isBlank())
        .map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".kanary"));
    if (token != null) {
      return new KanaryClient(uri, Optional.of(token), "--token");
    }
    Optional<ApiToken> found;
    try {
      found = ApiToken.forClient(env, dir);
    } catch (RuntimeException e) {
      throw CommandException.failed(e.getMessage());
    }
    String source = env.get(ApiToken.ENV) != null && !env.get(ApiToken.ENV).isBlank()
        ? "$" + ApiToken.ENV
        : dir.resolve(ApiToken.FILE_NAME).toString();
    String where = found.isPresent()
        ? source
        : "$" + ApiToken.ENV + " is not set and " + dir.resolve(ApiToken.FILE_NAME)
            + " does not exist";
    return new KanaryClient(uri, found.map(ApiToken::value), where);
  }

  private static URI serverUri(String text) {
    try {
      URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // the message below says what is expected
    }
    throw CommandException.usage("--server \"" + text + "\" is not an http:// or https:// URL;"
        + " give the server's API, e.g. " + DEFAULT_SERVER);
  }
}
