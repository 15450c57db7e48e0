package dev.kanary.modelserver.model;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;

/** Loads a model directory and warms the model up, so that its first request is not its slowest. */
public final class ModelLoader {
  private ModelLoader() {}

  /**
   * @throws IllegalArgumentException when the directory holds no usable model
   */
  public static OnnxModel loadAndWarmUp(Path modelDir) throws IOException, OrtException {
    OnnxModel model = OnnxModel.load(ModelFiles.locate(modelDir));
    try {
      ModelSignature signature = model.signature();
      model.run(WarmUpInputs.of(signature), signature.outputNames());
      return model;
    } catch (OrtException | RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
