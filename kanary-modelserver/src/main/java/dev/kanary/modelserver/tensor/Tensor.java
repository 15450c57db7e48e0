package dev.kanary.modelserver.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A named tensor in the Open Inference Protocol's raw layout: elements in row-major order,
 * little-endian, without padding; a {@link DataType#BYTES} element is its 4-byte length followed by
 * its bytes. gRPC raw contents are this layout as-is, so they pass through without conversion.
 */
public record Tensor(String name, DataType datatype, Shape shape, ByteBuffer data) {
  public Tensor {
    data = data.slice().asReadOnlyBuffer();
  }

  /** The contents, little-endian, from position 0; a new view for each caller. */
  @Override
  public ByteBuffer data() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  public int byteSize() {
    return data.remaining();
  }

  /** The same contents under another name. */
  public Tensor withName(String newName) {
    return new Tensor(newName, datatype, shape, data);
  }
}
