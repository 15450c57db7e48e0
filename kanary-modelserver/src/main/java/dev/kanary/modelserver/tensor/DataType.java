package dev.kanary.modelserver.tensor;

import java.util.Optional;

/** The Open Inference Protocol's tensor element types, with their width on the wire. */
public enum DataType {
  BOOL(1),
  UINT8(1),
  UINT16(2),
  UINT32(4),
  UINT64(8),
  INT8(1),
  INT16(2),
  INT32(4),
  INT64(8),
  FP16(2),
  FP32(4),
  FP64(8),
  BF16(2),
  /** Variable-length elements: each is a 4-byte little-endian length, then that many bytes. */
  BYTES(0);

  private final int byteSize;

  DataType(int byteSize) {
    this.byteSize = byteSize;
  }

  public boolean isFixedWidth() {
    return byteSize > 0;
  }

  /** The width of one element; 0 for {@link #BYTES}. */
  public int byteSize() {
    return byteSize;
  }

  /** The type named exactly as the protocol spells it, e.g. {@code FP32}. */
  public static Optional<DataType> parse(String name) {
    for (DataType type : values()) {
      if (type.name().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
