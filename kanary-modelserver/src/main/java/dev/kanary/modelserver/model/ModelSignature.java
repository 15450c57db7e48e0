package dev.kanary.modelserver.model;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The tensors a model takes and gives, in the model's own order. */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
  public ModelSignature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  public Optional<TensorSpec> input(String name) {
    return inputs.stream().filter(spec -> spec.name().equals(name)).findFirst();
  }

  public Optional<TensorSpec> output(String name) {
    return outputs.stream().filter(spec -> spec.name().equals(name)).findFirst();
  }

  public List<String> outputNames() {
    return outputs.stream().map(TensorSpec::name).toList();
  }

  /** The inputs as error messages list them, e.g. {@code input (FP32 [-1, 4])}. */
  public String describeInputs() {
    return describe(inputs);
  }

  public String describeOutputs() {
    return describe(outputs);
  }

  private static String describe(List<TensorSpec> specs) {
    return specs.stream()
        .map(spec -> spec.name() + " (" + spec.describe() + ")")
        .collect(Collectors.joining(", "));
  }
}
