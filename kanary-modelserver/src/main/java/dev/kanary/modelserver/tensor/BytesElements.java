package dev.kanary.modelserver.tensor;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** The raw layout of {@link DataType#BYTES} elements: a 4-byte little-endian length, then bytes. */
public final class BytesElements {
  private static final int LENGTH_PREFIX = Integer.BYTES;

  private BytesElements() {}

  public static ByteBuffer encode(List<byte[]> elements) {
    int size = 0;
    for (byte[] element : elements) {
      size = Math.addExact(size, LENGTH_PREFIX + element.length);
    }
    ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] element : elements) {
      buffer.putInt(element.length).put(element);
    }
    return buffer.flip();
  }

  /**
   * The elements of a raw BYTES buffer.
   *
   * @throws IllegalArgumentException when a length runs past the end of the buffer
   */
  public static List<byte[]> decode(ByteBuffer raw) {
    ByteBuffer buffer = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> elements = new ArrayList<>();
    try {
      while (buffer.hasRemaining()) {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
          throw new IllegalArgumentException(
              "BYTES element " + elements.size() + " declares " + Integer.toUnsignedString(length)
                  + " bytes but only " + buffer.remaining() + " remain");
        }
        byte[] element = new byte[length];
        buffer.get(element);
        elements.add(element);
      }
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException(
          "BYTES element " + elements.size() + " is cut short in its 4-byte length", e);
    }
    return elements;
  }
}
