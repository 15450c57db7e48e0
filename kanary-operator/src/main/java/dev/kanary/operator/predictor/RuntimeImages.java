package dev.kanary.operator.predictor;

import java.util.Objects;

/**
 * The images the operator puts in predictor pods.
 *
 * @param modelServer the kanary image (deploy/model-server/Dockerfile), whose model server serves
 *     ONNX models as the built-in kanary-onnx runtime
 * @param storageInitializer the init container that downloads a model's storageUri into
 *     /mnt/models before the server starts; KServe's image takes the same arguments
 */
public record RuntimeImages(String modelServer, String storageInitializer) {
  public static final String DEFAULT_MODEL_SERVER = "kanary/kanary:0.1.0";
  public static final String DEFAULT_STORAGE_INITIALIZER = "kserve/storage-initializer:v0.15.0";

  public RuntimeImages {
    Objects.requireNonNull(modelServer, "modelServer");
    Objects.requireNonNull(storageInitializer, "storageInitializer");
  }

  public static RuntimeImages defaults() {
    return new RuntimeImages(DEFAULT_MODEL_SERVER, DEFAULT_STORAGE_INITIALIZER);
  }
}
