package dev.kanary.modelserver;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.kanary.modelserver.grpc.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Model servers shared by the test classes: starting one loads ONNX Runtime and stopping one takes
 * a while, so each model gets one server for the whole run, stopped when the JVM exits.
 */
public final class TestServers {
  public static final String IRIS = "sklearn-iris";

  private static final Map<Path, ModelServer> SERVERS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> SERVERS.values().parallelStream().forEach(ModelServer::close)));
  }

  private TestServers() {}

  /** A ready server of {@code model-<version>} of the iris models, named {@value #IRIS}. */
  public static ModelServer iris(int version) {
    return shared(TestModels.IRIS_DIR.resolve("model-" + version), IRIS);
  }

  public static ModelServer shared(Path modelDir, String name) {
    return SERVERS.computeIfAbsent(
        modelDir.toAbsolutePath().normalize(),
        dir -> startReady(ModelServerConfig.of(dir, name)));
  }

  public static ModelServer startReady(ModelServerConfig config) {
    ModelServer server = ModelServer.start(config);
    try {
      server.whenReady().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      server.close();
      throw new IllegalStateException("the model server did not become ready", e);
    }
    return server;
  }

  public static BlockingWebClient http(ModelServer server) {
    return BlockingWebClient.of("http://127.0.0.1:" + server.httpPort());
  }

  public static GRPCInferenceServiceBlockingStub grpc(int port) {
    return GrpcClients.newClient(
        "http://127.0.0.1:" + port, GRPCInferenceServiceBlockingStub.class);
  }
}
