package dev.kanary.modelserver;

import dev.kanary.modelserver.tensor.BytesElements;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Tensors for tests, and their contents back as Java arrays. */
public final class TestTensors {
  private TestTensors() {}

  public static Tensor fp32(String name, Shape shape, float... values) {
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      data.putFloat(value);
    }
    return new Tensor(name, DataType.FP32, shape, data.flip());
  }

  public static Tensor strings(String name, Shape shape, String... values) {
    return new Tensor(
        name,
        DataType.BYTES,
        shape,
        BytesElements.encode(
            Arrays.stream(values).map(v -> v.getBytes(StandardCharsets.UTF_8)).toList()));
  }

  public static Tensor raw(String name, DataType type, Shape shape, int bytes) {
    return new Tensor(name, type, shape, ByteBuffer.allocate(bytes));
  }

  public static float[] floats(Tensor tensor) {
    ByteBuffer data = tensor.data();
    float[] values = new float[data.remaining() / 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = data.getFloat();
    }
    return values;
  }

  public static long[] longs(Tensor tensor) {
    ByteBuffer data = tensor.data();
    long[] values = new long[data.remaining() / 8];
    for (int i = 0; i < values.length; i++) {
      values[i] = data.getLong();
    }
    return values;
  }
}
