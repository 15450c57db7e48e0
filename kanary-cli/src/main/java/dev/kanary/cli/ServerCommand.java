package dev.kanary.cli;

import dev.kanary.server.KanaryServer;
import dev.kanary.server.NettyDefaults;
import dev.kanary.server.ServerConfig;
import dev.kanary.server.replica.SelfCommand;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run standalone kanary: the store, the controllers, the model replicas and the API.",
      "State lives in the data directory; a restart brings everything back."
    })
final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the store, models, logs and token live (default: ~/.kanary).")
  Path dataDir;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "" + ServerConfig.DEFAULT_HTTP_PORT,
      description = "Inference traffic port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--api-port",
      paramLabel = "PORT",
      defaultValue = "" + ServerConfig.DEFAULT_API_PORT,
      description = "Control-plane API port (default: ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = ServerConfig.DEFAULT_BIND,
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--domain",
      paramLabel = "DOMAIN",
      defaultValue = ServerConfig.DEFAULT_DOMAIN,
      description = "Domain of the service hosts, {isvc}.{namespace}.{domain}"
          + " (default: ${DEFAULT-VALUE}).")
  String domain;

  @Option(
      names = "--revision-header",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Add Kanary-Revision: {revision} to every proxied response"
          + " (default: ${DEFAULT-VALUE}; --no-revision-header turns it off).")
  boolean revisionHeader;

  @Option(
      names = "--retry-on-reset",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Send a request once more, to another ready replica of its revision, when its"
          + " replica's connection closed or reset before any response (a killed replica);"
          + " bodies up to 64 KiB (default: ${DEFAULT-VALUE}; --no-retry-on-reset turns it off).")
  boolean retryOnReset;

  @Override
  public Integer call() throws InterruptedException {
    NettyDefaults.apply();
    ServerConfig config = config();
    Path dir = config.dataDir();
    KanaryServer server = KanaryServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "kanary-server-shutdown"));
    spec.commandLine().getOut().printf(
        "kanary: server running, inference on http://%s:%d, API on http://%s:%d, data in %s%n",
        bind, server.httpPort(), bind, server.apiPort(), dir);
    spec.commandLine().getOut().flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /** The server's configuration from the options. */
  ServerConfig config() {
    Path dir = dataDir != null ? dataDir : defaultDataDir();
    ServerConfig defaults =
        ServerConfig.defaults(dir, SelfCommand.of(Main.class, dir.resolve("run")));
    return new ServerConfig(dir, httpPort, apiPort, bind, domain,
        defaults.kanary(), defaults.noTrafficGrace(), defaults.keepPreviousWarm(),
        defaults.progressDeadline(), defaults.resync(),
        defaults.gateway().withRevisionHeader(revisionHeader).withRetryOnReset(retryOnReset));
  }

  static Path defaultDataDir() {
    return Path.of(System.getProperty("user.home"), ".kanary");
  }
}
