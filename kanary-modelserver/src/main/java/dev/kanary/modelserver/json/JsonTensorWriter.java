package dev.kanary.modelserver.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kanary.modelserver.tensor.BytesElements;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.HalfFloats;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes tensor data as JSON: numbers, booleans, and BYTES as UTF-8 strings. */
public final class JsonTensorWriter {
  private JsonTensorWriter() {}

  /** The elements as one flat array, as V2 responses carry them next to the shape. */
  public static void writeFlat(JsonGenerator generator, Tensor tensor) throws IOException {
    Elements elements = new Elements(tensor);
    generator.writeStartArray();
    for (int i = 0; i < elements.count(); i++) {
      elements.write(generator, i);
    }
    generator.writeEndArray();
  }

  /** The elements nested after the shape, as V1 predictions carry them. */
  public static void writeNested(JsonGenerator generator, Tensor tensor) throws IOException {
    Elements elements = new Elements(tensor);
    writeLevel(generator, elements, tensor.shape(), 0, 0);
  }

  private static int writeLevel(
      JsonGenerator generator, Elements elements, Shape shape, int depth, int next)
      throws IOException {
    if (depth == shape.rank()) {
      elements.write(generator, next);
      return next + 1;
    }
    generator.writeStartArray();
    for (long i = 0; i < shape.dim(depth); i++) {
      next = writeLevel(generator, elements, shape, depth + 1, next);
    }
    generator.writeEndArray();
    return next;
  }

  /** Indexed access to the elements of one tensor. */
  private static final class Elements {
    private final DataType type;
    private final ByteBuffer data;
    private final List<byte[]> strings;
    private final int count;

    Elements(Tensor tensor) {
      type = tensor.datatype();
      data = tensor.data();
      if (type.isFixedWidth()) {
        strings = List.of();
        count = data.remaining() / type.byteSize();
      } else {
        strings = BytesElements.decode(data);
        count = strings.size();
      }
    }

    int count() {
      return count;
    }

    void write(JsonGenerator generator, int index) throws IOException {
      int at = index * type.byteSize();
      switch (type) {
        case BOOL -> generator.writeBoolean(data.get(at) != 0);
        case UINT8 -> generator.writeNumber(Byte.toUnsignedInt(data.get(at)));
        case INT8 -> generator.writeNumber(data.get(at));
        case UINT16 -> generator.writeNumber(Short.toUnsignedInt(data.getShort(at)));
        case INT16 -> generator.writeNumber(data.getShort(at));
        case UINT32 -> generator.writeNumber(Integer.toUnsignedLong(data.getInt(at)));
        case INT32 -> generator.writeNumber(data.getInt(at));
        case UINT64 -> generator.writeNumber(Long.toUnsignedString(data.getLong(at)));
        case INT64 -> generator.writeNumber(data.getLong(at));
        case FP16 -> generator.writeNumber(HalfFloats.fromFp16(data.getShort(at)));
        case BF16 -> generator.writeNumber(HalfFloats.fromBf16(data.getShort(at)));
        case FP32 -> generator.writeNumber(data.getFloat(at));
        case FP64 -> generator.writeNumber(data.getDouble(at));
        case BYTES -> generator.writeString(new String(strings.get(index), StandardCharsets.UTF_8));
      }
    }
  }
}
