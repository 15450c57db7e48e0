package dev.kanary.modelserver.inference;

import dev.kanary.modelserver.tensor.Tensor;
import java.util.List;

public record InferenceResponse(String modelName, String id, List<Tensor> outputs) {
  public InferenceResponse {
    outputs = List.copyOf(outputs);
  }
}
