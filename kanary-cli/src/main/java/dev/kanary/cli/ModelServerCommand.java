package dev.kanary.cli;

import dev.kanary.modelserver.ModelServer;
import dev.kanary.modelserver.ModelServerConfig;
import dev.kanary.server.NettyDefaults;
import dev.kanary.server.replica.SupervisorLink;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "model-server",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Serve one ONNX model over KServe's V1 and V2 protocols (REST and gRPC) until SIGTERM.",
      "Replicas of the built-in kanary-onnx runtime run this; it also runs alone.",
      "When $KANARY_SUPERVISOR_PID is set, it also stops once that process has ended."
    })
final class ModelServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model-dir",
      required = true,
      paramLabel = "DIR",
      description = "Directory holding model.onnx (or its only .onnx file).")
  Path modelDir;

  @Option(
      names = "--model-name",
      required = true,
      paramLabel = "NAME",
      description = "Name clients address the model by, e.g. the InferenceService's name.")
  String modelName;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "HTTP port; defaults to $PORT, else 8080.")
  Integer httpPort;

  @Option(
      names = "--grpc-port",
      paramLabel = "PORT",
      description = "gRPC port; defaults to the HTTP port, which then serves both.")
  Integer grpcPort;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = ModelServerConfig.DEFAULT_BIND_ADDRESS,
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--max-batch",
      paramLabel = "N",
      defaultValue = "" + ModelServerConfig.DEFAULT_MAX_BATCH,
      description = "Largest batch accepted (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  private final Map<String, String> environment;

  ModelServerCommand() {
    this(System.getenv());
  }

  ModelServerCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    NettyDefaults.apply();
    ModelServerConfig config = config();
    Optional<Long> supervisor = supervisorPid();
    ModelServer server = ModelServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM runs the shutdown hooks: stop taking requests, finish those in flight, then exit.
    Thread shutdown =
        new Thread(
            () -> {
              server.close();
              stopped.countDown();
            },
            "kanary-model-server-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    // A replica must not outlive its server, even one killed too hard to stop it (SIGKILL).
    supervisor.ifPresent(
        pid ->
            SupervisorLink.whenGone(pid)
                .thenRun(
                    () -> {
                      spec.commandLine().getOut().printf(
                          "kanary: the server that started this replica (pid %d) is gone;"
                              + " stopping%n", pid);
                      spec.commandLine().getOut().flush();
                      stopped.countDown();
                    }));
    try {
      server.whenReady().get();
    } catch (ExecutionException e) {
      spec.commandLine().getErr().println("kanary: model " + modelName + " could not be loaded: "
          + e.getCause().getMessage());
      return ExitCodes.REFUSED;
    }
    spec.commandLine().getOut().printf(
        "kanary: serving model %s on http://%s:%d (gRPC on port %d)%n",
        modelName, bind, server.httpPort(), server.grpcPort());
    spec.commandLine().getOut().flush();
    stopped.await();
    if (withdraw(shutdown)) {
      server.close();
    }
    return ExitCodes.OK;
  }

  /** False when the JVM is shutting down, and the hook stops the server. */
  private static boolean withdraw(Thread shutdownHook) {
    try {
      return Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private Optional<Long> supervisorPid() {
    try {
      return SupervisorLink.supervisorPid(environment);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  ModelServerConfig config() {
    try {
      return new ModelServerConfig(
          modelDir,
          modelName,
          bind,
          httpPort != null ? httpPort : portFromEnvironment(),
          grpcPort != null ? OptionalInt.of(grpcPort) : OptionalInt.empty(),
          maxBatch);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Knative's convention, which replicas follow: the port to serve on comes in $PORT. */
  private int portFromEnvironment() {
    String port = environment.get("PORT");
    if (port == null || port.isBlank()) {
      return 8080;
    }
    try {
      return Integer.parseInt(port.strip());
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "PORT=" + port + " is not a port number");
    }
  }
}
