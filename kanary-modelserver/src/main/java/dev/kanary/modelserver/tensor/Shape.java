package dev.kanary.modelserver.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * The dimensions of a tensor, outermost first. In a model's signature a dimension of {@link
 * #DYNAMIC} size takes any length; in a request every dimension is known.
 */
public record Shape(long[] dims) {
  public static final long DYNAMIC = -1;

  public Shape {
    dims = dims.clone();
  }

  public static Shape of(long... dims) {
    return new Shape(dims);
  }

  public static Shape of(List<Long> dims) {
    return new Shape(dims.stream().mapToLong(Long::longValue).toArray());
  }

  @Override
  public long[] dims() {
    return dims.clone();
  }

  public int rank() {
    return dims.length;
  }

  public long dim(int index) {
    return dims[index];
  }

  public boolean isFullyKnown() {
    return Arrays.stream(dims).allMatch(dim -> dim >= 0);
  }

  /**
   * The number of elements a tensor of this shape holds: 1 for a scalar.
   *
   * @throws ArithmeticException when the count overflows a long
   * @throws IllegalStateException when a dimension is not known
   */
  public long elementCount() {
    long count = 1;
    for (long dim : dims) {
      if (dim < 0) {
        throw new IllegalStateException("shape " + this + " has a dimension of unknown size");
      }
      count = Math.multiplyExact(count, dim);
    }
    return count;
  }

  /** This shape with every dynamic dimension replaced by {@code size}. */
  public Shape withDynamicAs(long size) {
    return new Shape(Arrays.stream(dims).map(dim -> dim == DYNAMIC ? size : dim).toArray());
  }

  public List<Long> toList() {
    return Arrays.stream(dims).boxed().toList();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Shape shape && Arrays.equals(dims, shape.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** As the protocol writes it, e.g. {@code [-1, 4]}. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
