package dev.kanary.modelserver.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TensorLayoutTest {
  @Test
  void bytesElementsAreLengthPrefixedLittleEndian() {
    ByteBuffer raw = BytesElements.encode(List.of(bytes("ab"), bytes(""), bytes("é")));

    assertThat(raw.remaining()).isEqualTo(4 + 2 + 4 + 4 + 2);
    assertThat(raw.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(2);
    assertThat(BytesElements.decode(raw))
        .extracting(b -> new String(b, StandardCharsets.UTF_8))
        .containsExactly("ab", "", "é");
  }

  @Test
  void bytesElementsRefuseALengthPastTheEnd() {
    ByteBuffer raw = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(5).put((byte) 1);

    assertThatThrownBy(() -> BytesElements.decode(raw.flip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BYTES element 0 declares 5 bytes but only 1 remain");
  }

  @Test
  void bytesElementsRefuseATruncatedLength() {
    assertThatThrownBy(() -> BytesElements.decode(ByteBuffer.wrap(new byte[] {1, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cut short");
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, 1f, -2.5f, 65504f, 0.099975586f})
  void fp16RoundTripsRepresentableValues(float value) {
    assertThat(HalfFloats.fromFp16(HalfFloats.toFp16(value))).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, 1f, -2.5f, 3.140625f, 1.0e30f})
  void bf16KeepsTheUpperHalfOfAFloat(float value) {
    float rounded = Float.intBitsToFloat(Float.floatToIntBits(value) & 0xffff0000);
    assertThat(HalfFloats.fromBf16(HalfFloats.toBf16(rounded))).isEqualTo(rounded);
  }

  @Test
  void bf16RoundsToNearest() {
    // 1 + 2^-8 lies halfway between two bfloat16 values; ties go to the even one, 1.0.
    assertThat(HalfFloats.fromBf16(HalfFloats.toBf16(1.00390625f))).isEqualTo(1.0f);
    assertThat(HalfFloats.fromBf16(HalfFloats.toBf16(1.0117188f))).isEqualTo(1.015625f);
    assertThat(Float.isNaN(HalfFloats.fromBf16(HalfFloats.toBf16(Float.NaN)))).isTrue();
  }

  @Test
  void shapeCountsElementsAndPrintsAsTheProtocolDoes() {
    assertThat(Shape.of(2, 4).elementCount()).isEqualTo(8);
    assertThat(Shape.of().elementCount()).isEqualTo(1);
    assertThat(Shape.of(-1, 4).withDynamicAs(1)).isEqualTo(Shape.of(1, 4));
    assertThat(Shape.of(-1, 4)).hasToString("[-1, 4]");
    assertThatThrownBy(() -> Shape.of(1L << 40, 1L << 40).elementCount())
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void tensorDataIsAFreshLittleEndianViewEachTime() {
    ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).flip();
    Tensor tensor = new Tensor("x", DataType.FP32, Shape.of(1), data);

    assertThat(tensor.data().getFloat()).isEqualTo(1.5f);
    assertThat(tensor.data().getFloat()).isEqualTo(1.5f);
    assertThat(tensor.data().isReadOnly()).isTrue();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
