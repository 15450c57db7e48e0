package dev.kanary.modelserver.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.modelserver.inference.ServingException;
import dev.kanary.modelserver.tensor.BytesElements;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.HalfFloats;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns JSON tensor data into the raw layout. Data is row-major and may be nested or flat; the
 * element count is left to {@link dev.kanary.modelserver.inference.InputChecker}, which compares it
 * with the shape.
 */
public final class JsonTensorReader {
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private JsonTensorReader() {}

  /**
   * @throws ServingException of kind INVALID_INPUT when an element does not fit the datatype
   */
  public static Tensor read(String name, DataType type, Shape shape, JsonNode data) {
    List<JsonNode> elements = new ArrayList<>();
    flatten(data, elements);
    ByteBuffer raw;
    if (type.isFixedWidth()) {
      raw = ByteBuffer.allocate(elements.size() * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < elements.size(); i++) {
        put(raw, type, elements.get(i), name, i);
      }
      raw.flip();
    } else {
      List<byte[]> strings = new ArrayList<>(elements.size());
      for (int i = 0; i < elements.size(); i++) {
        JsonNode element = elements.get(i);
        if (!element.isTextual()) {
          throw mismatch(name, i, element, "a string", type);
        }
        strings.add(element.textValue().getBytes(StandardCharsets.UTF_8));
      }
      raw = BytesElements.encode(strings);
    }
    return new Tensor(name, type, shape, raw);
  }

  /**
   * The shape of nested JSON arrays, outermost first; a non-array is a scalar.
   *
   * @throws ServingException of kind INVALID_INPUT when the arrays are ragged
   */
  public static Shape nestedShape(String what, JsonNode value) {
    List<Long> dims = new ArrayList<>();
    for (JsonNode node = value; node.isArray(); node = node.get(0)) {
      dims.add((long) node.size());
      if (node.isEmpty()) {
        break;
      }
    }
    Shape shape = Shape.of(dims);
    checkRectangular(what, value, shape, 0);
    return shape;
  }

  private static void checkRectangular(String what, JsonNode node, Shape shape, int depth) {
    if (depth == shape.rank()) {
      if (node.isArray()) {
        throw ServingException.invalidInput(
            what + " is not a rectangular array: an element at depth " + depth
                + " is an array where the first row has a value.");
      }
      return;
    }
    if (!node.isArray() || node.size() != shape.dim(depth)) {
      throw ServingException.invalidInput(
          what + " is not a rectangular array: expected " + shape.dim(depth)
              + " elements at depth " + depth + " as in the first row, got "
              + (node.isArray() ? String.valueOf(node.size()) : "a value") + ".");
    }
    for (JsonNode child : node) {
      checkRectangular(what, child, shape, depth + 1);
    }
  }

  private static void flatten(JsonNode node, List<JsonNode> into) {
    if (node.isArray()) {
      for (JsonNode child : node) {
        flatten(child, into);
      }
    } else {
      into.add(node);
    }
  }

  private static void put(ByteBuffer raw, DataType type, JsonNode element, String name, int index) {
    switch (type) {
      case BOOL -> {
        if (!element.isBoolean()) {
          throw mismatch(name, index, element, "true or false", type);
        }
        raw.put((byte) (element.booleanValue() ? 1 : 0));
      }
      case UINT8 -> raw.put((byte) integral(element, 0, 0xff, name, index, type));
      case INT8 -> raw.put((byte) integral(element, Byte.MIN_VALUE, Byte.MAX_VALUE, name, index, type));
      case UINT16 -> raw.putShort((short) integral(element, 0, 0xffff, name, index, type));
      case INT16 ->
          raw.putShort((short) integral(element, Short.MIN_VALUE, Short.MAX_VALUE, name, index, type));
      case UINT32 -> raw.putInt((int) integral(element, 0, 0xffff_ffffL, name, index, type));
      case INT32 ->
          raw.putInt((int) integral(element, Integer.MIN_VALUE, Integer.MAX_VALUE, name, index, type));
      case INT64 -> raw.putLong(integral(element, Long.MIN_VALUE, Long.MAX_VALUE, name, index, type));
      case UINT64 -> raw.putLong(unsigned64(element, name, index));
      case FP16 -> raw.putShort(HalfFloats.toFp16((float) number(element, name, index, type)));
      case BF16 -> raw.putShort(HalfFloats.toBf16((float) number(element, name, index, type)));
      case FP32 -> raw.putFloat((float) number(element, name, index, type));
      case FP64 -> raw.putDouble(number(element, name, index, type));
      case BYTES -> throw new IllegalArgumentException("BYTES has no fixed width");
    }
  }

  private static double number(JsonNode element, String name, int index, DataType type) {
    if (!element.isNumber()) {
      throw mismatch(name, index, element, "a number", type);
    }
    return element.doubleValue();
  }

  private static long integral(
      JsonNode element, long min, long max, String name, int index, DataType type) {
    if (!element.isNumber() || !element.canConvertToExactIntegral()) {
      throw mismatch(name, index, element, "an integer", type);
    }
    long value = element.longValue();
    if (!element.canConvertToLong() || value < min || value > max) {
      throw mismatch(name, index, element, "an integer from " + min + " to " + max, type);
    }
    return value;
  }

  private static long unsigned64(JsonNode element, String name, int index) {
    if (!element.isNumber() || !element.canConvertToExactIntegral()) {
      throw mismatch(name, index, element, "an integer", DataType.UINT64);
    }
    BigInteger value = element.bigIntegerValue();
    if (value.signum() < 0 || value.compareTo(UINT64_MAX) > 0) {
      throw mismatch(name, index, element, "an integer from 0 to " + UINT64_MAX, DataType.UINT64);
    }
    return value.longValue();
  }

  private static ServingException mismatch(
      String name, int index, JsonNode element, String expected, DataType type) {
    return ServingException.invalidInput(
        "Input \"" + name + "\": element " + index + " is " + element + ", expected " + expected
            + " for " + type + ".");
  }
}
