package dev.kanary.modelserver.tensor;

/** Conversions of the 16-bit float formats, which Java holds in a {@code short}. */
public final class HalfFloats {
  private HalfFloats() {}

  /** IEEE 754 binary16, rounded to nearest even. */
  public static short toFp16(float value) {
    return Float.floatToFloat16(value);
  }

  public static float fromFp16(short bits) {
    return Float.float16ToFloat(bits);
  }

  /** bfloat16: the upper half of a binary32, rounded to nearest even; NaN stays a quiet NaN. */
  public static short toBf16(float value) {
    if (Float.isNaN(value)) {
      return (short) 0x7fc0;
    }
    int bits = Float.floatToRawIntBits(value);
    int roundingBias = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + roundingBias) >>> 16);
  }

  public static float fromBf16(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }
}
