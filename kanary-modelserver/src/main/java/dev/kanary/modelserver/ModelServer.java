package dev.kanary.modelserver;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import dev.kanary.modelserver.grpc.V2GrpcService;
import dev.kanary.modelserver.inference.ModelRepository;
import dev.kanary.modelserver.inference.Predictor;
import dev.kanary.modelserver.inference.ServerInfo;
import dev.kanary.modelserver.metrics.InferenceMetrics;
import dev.kanary.modelserver.model.ModelLoader;
import dev.kanary.modelserver.model.OnnxModel;
import dev.kanary.modelserver.v1.V1Endpoints;
import dev.kanary.modelserver.v2.V2Endpoints;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in model server: one ONNX model over KServe's V1 and V2 protocols, REST and gRPC.
 *
 * <p>It listens at once, so that liveness answers while the model loads; it is ready once the model
 * is loaded and a warm-up inference has run.
 */
public final class ModelServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelServer.class);

  /** ONNX Runtime recurses deeply while it sets up; see the loader thread. */
  private static final long LOADER_STACK_BYTES = 16L << 20;

  private static final Duration SHUTDOWN_QUIET_PERIOD = Duration.ofMillis(100);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
  private static final MediaType PROMETHEUS_TEXT =
      MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

  private final ModelRepository repository;
  private final Server httpServer;
  private final Optional<Server> grpcServer;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private ModelServer(ModelRepository repository, Server httpServer, Optional<Server> grpcServer) {
    this.repository = repository;
    this.httpServer = httpServer;
    this.grpcServer = grpcServer;
  }

  /** Starts listening and starts loading the model; see {@link #whenReady()}. */
  public static ModelServer start(ModelServerConfig config) {
    return start(config, () -> ModelLoader.loadAndWarmUp(config.modelDir()));
  }

  static ModelServer start(ModelServerConfig config, Callable<OnnxModel> loader) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    ModelRepository repository = new ModelRepository(config.modelName());
    Predictor predictor = new Predictor(repository, config.maxBatch());
    InferenceMetrics metrics = new InferenceMetrics(registry, config.modelName());
    ServerInfo info = new ServerInfo("kanary", version(), List.of());

    ServerBuilder http = listener(config, config.httpPort(), registry);
    new V1Endpoints(predictor, metrics).addTo(http);
    new V2Endpoints(predictor, metrics, info).addTo(http);
    http.route()
        .get("/metrics")
        .build((ctx, req) -> HttpResponse.of(HttpStatus.OK, PROMETHEUS_TEXT, registry.scrape()));
    GrpcService grpc =
        GrpcService.builder().addService(new V2GrpcService(predictor, metrics, info)).build();
    Optional<Server> grpcServer;
    if (config.grpcSharesHttpPort()) {
      http.service(grpc);
      grpcServer = Optional.empty();
    } else {
      grpcServer =
          Optional.of(
              listener(config, config.grpcPort().orElseThrow(), registry).service(grpc).build());
    }

    ModelServer server = new ModelServer(repository, http.build(), grpcServer);
    server.listen();
    server.loadInBackground(config, loader);
    return server;
  }

  public int httpPort() {
    return httpServer.activeLocalPort();
  }

  public int grpcPort() {
    return grpcServer.orElse(httpServer).activeLocalPort();
  }

  /** Completes when the model is ready, or exceptionally when it could not be loaded. */
  public CompletableFuture<Void> whenReady() {
    return ready.copy();
  }

  /** Stops taking requests, lets those in flight finish, and frees the model. */
  @Override
  public void close() {
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    stopping.add(httpServer.stop());
    grpcServer.ifPresent(server -> stopping.add(server.stop()));
    CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
    repository.withdraw().ifPresent(ModelServer::closeModel);
  }

  private static ServerBuilder listener(
      ModelServerConfig config, int port, PrometheusMeterRegistry registry) {
    return Server.builder()
        .http(new InetSocketAddress(config.bindAddress(), port))
        .meterRegistry(registry)
        .gracefulShutdownTimeout(SHUTDOWN_QUIET_PERIOD, SHUTDOWN_TIMEOUT);
  }

  private void listen() {
    List<CompletableFuture<Void>> starting = new ArrayList<>();
    starting.add(httpServer.start());
    grpcServer.ifPresent(server -> starting.add(server.start()));
    try {
      CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    } catch (RuntimeException e) {
      httpServer.stop();
      grpcServer.ifPresent(Server::stop);
      throw e;
    }
  }

  private void loadInBackground(ModelServerConfig config, Callable<OnnxModel> loader) {
    // A thread of our own with a deep stack: ONNX Runtime's environment set-up recurses in
    // proportion to the JVM's command line and overflows a default stack when that line is long.
    Thread thread =
        new Thread(null, () -> load(config, loader), "kanary-model-loader", LOADER_STACK_BYTES);
    thread.setDaemon(true);
    thread.start();
  }

  private void load(ModelServerConfig config, Callable<OnnxModel> loader) {
    long start = System.nanoTime();
    try {
      repository.publish(loader.call());
      log.info(
          "Model {} from {} is ready ({} ms); HTTP on port {}, gRPC on port {}",
          config.modelName(),
          config.modelDir(),
          (System.nanoTime() - start) / 1_000_000,
          httpPort(),
          grpcPort());
      ready.complete(null);
    } catch (IllegalArgumentException e) {
      // A directory without a usable model: the message says it all.
      log.error("Model {} could not be loaded: {}", config.modelName(), e.getMessage());
      ready.completeExceptionally(e);
    } catch (Exception e) {
      log.error("Model {} from {} could not be loaded", config.modelName(), config.modelDir(), e);
      ready.completeExceptionally(e);
    }
  }

  private static void closeModel(OnnxModel model) {
    try {
      model.close();
    } catch (Exception e) {
      log.warn("Closing the model failed", e);
    }
  }

  private static String version() {
    String version = ModelServer.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
