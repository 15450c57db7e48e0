package dev.kanary.modelserver.model;

import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;

/** A tensor a model takes or gives: its name, element type and shape ({@code -1} for any size). */
public record TensorSpec(String name, DataType datatype, Shape shape) {
  /** As error messages show it, e.g. {@code FP32 [-1, 4]}. */
  public String describe() {
    return datatype + " " + shape;
  }
}
