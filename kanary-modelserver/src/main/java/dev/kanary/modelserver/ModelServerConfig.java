package dev.kanary.modelserver;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * How to run a model server.
 *
 * @param modelName the name clients address the model by, e.g. the InferenceService's name
 * @param httpPort 0 for an ephemeral port
 * @param grpcPort empty to serve gRPC on the HTTP port; a different port (0 for an ephemeral one)
 *     gets a listener of its own
 * @param maxBatch the largest batch accepted where a model's first dimension is dynamic
 */
public record ModelServerConfig(
    Path modelDir,
    String modelName,
    String bindAddress,
    int httpPort,
    OptionalInt grpcPort,
    int maxBatch) {
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_MAX_BATCH = 1024;

  public ModelServerConfig {
    if (modelName.isBlank() || modelName.contains("/") || modelName.contains(":")) {
      throw new IllegalArgumentException(
          "model name \"" + modelName + "\" must be non-empty, without '/' or ':'");
    }
    checkPort(httpPort);
    grpcPort.ifPresent(ModelServerConfig::checkPort);
    if (maxBatch < 1) {
      throw new IllegalArgumentException("max batch must be at least 1, got " + maxBatch);
    }
  }

  /** A server on an ephemeral loopback port, gRPC included, with the default batch limit. */
  public static ModelServerConfig of(Path modelDir, String modelName) {
    return new ModelServerConfig(
        modelDir, modelName, DEFAULT_BIND_ADDRESS, 0, OptionalInt.empty(), DEFAULT_MAX_BATCH);
  }

  public ModelServerConfig withHttpPort(int port) {
    return new ModelServerConfig(modelDir, modelName, bindAddress, port, grpcPort, maxBatch);
  }

  public ModelServerConfig withGrpcPort(int port) {
    return new ModelServerConfig(
        modelDir, modelName, bindAddress, httpPort, OptionalInt.of(port), maxBatch);
  }

  public ModelServerConfig withMaxBatch(int batch) {
    return new ModelServerConfig(modelDir, modelName, bindAddress, httpPort, grpcPort, batch);
  }

  public ModelServerConfig withBindAddress(String address) {
    return new ModelServerConfig(modelDir, modelName, address, httpPort, grpcPort, maxBatch);
  }

  /** Whether gRPC shares the HTTP listener: no gRPC port, or the same fixed port. */
  public boolean grpcSharesHttpPort() {
    return grpcPort.isEmpty() || (grpcPort.getAsInt() == httpPort && httpPort != 0);
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
    }
  }
}
