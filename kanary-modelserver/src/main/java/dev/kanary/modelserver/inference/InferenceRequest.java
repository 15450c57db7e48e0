package dev.kanary.modelserver.inference;

import dev.kanary.modelserver.tensor.Tensor;
import java.util.List;

/**
 * One inference call, whatever protocol carried it.
 *
 * @param id echoed in the response
 * @param inputs in the order the client sent them
 * @param outputs the outputs wanted, in order; empty for all of the model's outputs
 */
public record InferenceRequest(String id, List<Tensor> inputs, List<String> outputs) {
  public InferenceRequest {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
