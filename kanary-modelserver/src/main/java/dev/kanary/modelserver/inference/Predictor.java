package dev.kanary.modelserver.inference;

import ai.onnxruntime.OrtException;
import dev.kanary.modelserver.model.ModelSignature;
import dev.kanary.modelserver.model.OnnxModel;
import dev.kanary.modelserver.tensor.Tensor;
import java.util.HashSet;
import java.util.List;

/** Runs a request on its model after checking it: the one path every protocol's infer takes. */
public final class Predictor {
  private final ModelRepository repository;
  private final int maxBatch;

  public Predictor(ModelRepository repository, int maxBatch) {
    this.repository = repository;
    this.maxBatch = maxBatch;
  }

  public ModelRepository repository() {
    return repository;
  }

  /**
   * The model's signature, for protocols that shape the inputs after it.
   *
   * @throws ServingException when the model does not exist or is not ready
   */
  public ModelSignature signature(String modelName) {
    return repository.require(modelName).signature();
  }

  /**
   * @throws ServingException when the model does not exist or is not ready, when the request does
   *     not fit the model, or when the runtime fails
   */
  public InferenceResponse infer(String modelName, InferenceRequest request) {
    OnnxModel model = repository.require(modelName);
    ModelSignature signature = model.signature();
    List<Tensor> inputs = InputChecker.check(signature, request.inputs(), maxBatch);
    List<String> outputs = request.outputs().isEmpty() ? signature.outputNames() : request.outputs();
    checkOutputs(signature, outputs);
    try {
      return new InferenceResponse(modelName, request.id(), model.run(inputs, outputs));
    } catch (OrtException | RuntimeException e) {
      throw new ServingException(
          ErrorKind.INFERENCE_FAILED, "Inference failed: " + e.getMessage(), e);
    }
  }

  private static void checkOutputs(ModelSignature signature, List<String> outputs) {
    var seen = new HashSet<String>();
    for (String name : outputs) {
      if (signature.output(name).isEmpty()) {
        throw ServingException.invalidInput(
            "Unexpected output \"" + name + "\": the model's outputs are "
                + signature.describeOutputs() + ".");
      }
      if (!seen.add(name)) {
        throw ServingException.invalidInput("Output \"" + name + "\" is requested more than once.");
      }
    }
  }
}
