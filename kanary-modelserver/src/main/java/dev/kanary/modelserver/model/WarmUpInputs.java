package dev.kanary.modelserver.model;

import dev.kanary.modelserver.tensor.BytesElements;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;

/** The inputs of the warm-up inference: zeros (empty strings) with every dynamic dimension at 1. */
public final class WarmUpInputs {
  private WarmUpInputs() {}

  public static List<Tensor> of(ModelSignature signature) {
    return signature.inputs().stream().map(WarmUpInputs::zeros).toList();
  }

  private static Tensor zeros(TensorSpec spec) {
    Shape shape = spec.shape().withDynamicAs(1);
    int count = Math.toIntExact(shape.elementCount());
    ByteBuffer data =
        spec.datatype().isFixedWidth()
            ? ByteBuffer.allocate(count * spec.datatype().byteSize())
            : BytesElements.encode(Collections.nCopies(count, new byte[0]));
    return new Tensor(spec.name(), spec.datatype(), shape, data);
  }
}
