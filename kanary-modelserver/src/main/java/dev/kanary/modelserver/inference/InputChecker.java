package dev.kanary.modelserver.inference;

import dev.kanary.modelserver.model.ModelSignature;
import dev.kanary.modelserver.model.TensorSpec;
import dev.kanary.modelserver.tensor.BytesElements;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a request's inputs against the model's signature before anything reaches the runtime, so
 * that every mistake is a 400 naming the input, what the model expects and what came.
 */
public final class InputChecker {
  private InputChecker() {}

  /**
   * The inputs in the model's order.
   *
   * @param maxBatch the largest first dimension accepted where the model leaves it dynamic
   * @throws ServingException of kind {@link ErrorKind#INVALID_INPUT} on the first mismatch
   */
  public static List<Tensor> check(ModelSignature signature, List<Tensor> inputs, int maxBatch) {
    Map<String, Tensor> byName = new HashMap<>();
    for (Tensor input : inputs) {
      if (signature.input(input.name()).isEmpty()) {
        throw ServingException.invalidInput(
            "Unexpected input \"" + input.name() + "\": the model's inputs are "
                + signature.describeInputs() + ".");
      }
      if (byName.put(input.name(), input) != null) {
        throw ServingException.invalidInput(
            "Input \"" + input.name() + "\" is given more than once.");
      }
    }
    List<Tensor> ordered = new ArrayList<>(signature.inputs().size());
    for (TensorSpec spec : signature.inputs()) {
      Tensor input = byName.get(spec.name());
      if (input == null) {
        throw ServingException.invalidInput(
            "Missing input \"" + spec.name() + "\": the model expects " + spec.describe() + ".");
      }
      checkOne(spec, input, maxBatch);
      ordered.add(input);
    }
    return ordered;
  }

  private static void checkOne(TensorSpec spec, Tensor input, int maxBatch) {
    String prefix = "Input \"" + spec.name() + "\": ";
    if (input.datatype() != spec.datatype()) {
      throw ServingException.invalidInput(
          prefix + "expected datatype " + spec.datatype() + ", got " + input.datatype() + ".");
    }
    Shape actual = input.shape();
    if (!fits(spec.shape(), actual)) {
      throw ServingException.invalidInput(
          prefix + "expected shape " + spec.shape() + ", got " + actual + ".");
    }
    if (spec.shape().rank() > 0 && spec.shape().dim(0) == Shape.DYNAMIC && actual.dim(0) > maxBatch) {
      throw ServingException.invalidInput(
          prefix + "batch size " + actual.dim(0) + " is above the maximum of " + maxBatch + ".");
    }
    checkContents(spec, input, prefix);
  }

  private static boolean fits(Shape expected, Shape actual) {
    if (expected.rank() != actual.rank() || !actual.isFullyKnown()) {
      return false;
    }
    for (int i = 0; i < expected.rank(); i++) {
      if (expected.dim(i) != Shape.DYNAMIC && expected.dim(i) != actual.dim(i)) {
        return false;
      }
    }
    return true;
  }

  private static void checkContents(TensorSpec spec, Tensor input, String prefix) {
    long wanted;
    try {
      wanted = input.shape().elementCount();
    } catch (ArithmeticException e) {
      throw ServingException.invalidInput(prefix + "shape " + input.shape() + " is too large.");
    }
    long got;
    if (spec.datatype().isFixedWidth()) {
      int width = spec.datatype().byteSize();
      if (input.byteSize() % width != 0) {
        throw ServingException.invalidInput(
            prefix + input.byteSize() + " bytes is not a whole number of " + spec.datatype()
                + " elements.");
      }
      got = input.byteSize() / width;
    } else {
      try {
        got = BytesElements.decode(input.data()).size();
      } catch (IllegalArgumentException e) {
        throw ServingException.invalidInput(prefix + e.getMessage() + ".");
      }
    }
    if (got != wanted) {
      throw ServingException.invalidInput(
          prefix + "shape " + input.shape() + " holds " + wanted + " elements, got " + got + ".");
    }
  }
}
