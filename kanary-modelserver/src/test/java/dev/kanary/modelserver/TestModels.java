package dev.kanary.modelserver;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.kanary.modelserver.tensor.DataType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The shipped iris models, and identity models written on the fly for every datatype. */
public final class TestModels {
  /** Tests run in the module directory; the models live at the repository root. */
  public static final Path IRIS_DIR = Path.of("..", "examples", "models", "iris");

  public static final Path IRIS_1 = IRIS_DIR.resolve("model-1");
  public static final Path IRIS_2 = IRIS_DIR.resolve("model-2");

  /** The datatypes ONNX Runtime's Java API can feed a model. */
  public static final List<DataType> FEEDABLE =
      List.of(
          DataType.BOOL, DataType.UINT8, DataType.INT8, DataType.INT16, DataType.INT32,
          DataType.INT64, DataType.FP16, DataType.FP32, DataType.FP64, DataType.BF16,
          DataType.BYTES);

  private TestModels() {}

  /**
   * Writes {@code model.onnx} into {@code dir}: for each datatype, an input {@code in_<type>} of
   * shape [-1, 2] passed through an Identity node to the output {@code out_<type>}.
   */
  public static Path writeIdentityModel(Path dir, List<DataType> types) {
    try {
      ByteArrayOutputStream graph = new ByteArrayOutputStream();
      CodedOutputStream g = CodedOutputStream.newInstance(graph);
      for (DataType type : types) {
        String suffix = type.name().toLowerCase(java.util.Locale.ROOT);
        g.writeBytes(1, node("in_" + suffix, "out_" + suffix));
      }
      g.writeString(2, "identity");
      for (DataType type : types) {
        g.writeBytes(11, valueInfo("in_" + type.name().toLowerCase(java.util.Locale.ROOT), type));
      }
      for (DataType type : types) {
        g.writeBytes(12, valueInfo("out_" + type.name().toLowerCase(java.util.Locale.ROOT), type));
      }
      g.flush();

      ByteArrayOutputStream model = new ByteArrayOutputStream();
      CodedOutputStream m = CodedOutputStream.newInstance(model);
      m.writeInt64(1, 8); // ir_version
      m.writeString(2, "kanary-tests"); // producer_name
      m.writeBytes(7, ByteString.copyFrom(graph.toByteArray())); // graph
      m.writeBytes(8, message(o -> o.writeInt64(2, 17))); // opset_import: default domain, 17
      m.flush();
      Files.createDirectories(dir);
      Path file = dir.resolve("model.onnx");
      Files.write(file, model.toByteArray());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteString node(String input, String output) throws IOException {
    return message(
        n -> {
          n.writeString(1, input);
          n.writeString(2, output);
          n.writeString(3, "identity_" + input);
          n.writeString(4, "Identity");
        });
  }

  private static ByteString valueInfo(String name, DataType type) throws IOException {
    ByteString batchDim = message(d -> d.writeString(2, "batch")); // dim_param
    ByteString pairDim = message(d -> d.writeInt64(1, 2)); // dim_value
    ByteString shape =
        message(
            s -> {
              s.writeBytes(1, batchDim);
              s.writeBytes(1, pairDim);
            });
    ByteString tensorType =
        message(
            t -> {
              t.writeInt32(1, elementType(type));
              t.writeBytes(2, shape);
            });
    ByteString typeProto = message(t -> t.writeBytes(1, tensorType));
    return message(
        v -> {
          v.writeString(1, name);
          v.writeBytes(2, typeProto);
        });
  }

  /** ONNX's TensorProto.DataType numbers. */
  private static int elementType(DataType type) {
    return switch (type) {
      case FP32 -> 1;
      case UINT8 -> 2;
      case INT8 -> 3;
      case UINT16 -> 4;
      case INT16 -> 5;
      case INT32 -> 6;
      case INT64 -> 7;
      case BYTES -> 8;
      case BOOL -> 9;
      case FP16 -> 10;
      case FP64 -> 11;
      case UINT32 -> 12;
      case UINT64 -> 13;
      case BF16 -> 16;
    };
  }

  private static ByteString message(Fields fields) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    fields.write(out);
    out.flush();
    return ByteString.copyFrom(bytes.toByteArray());
  }

  @FunctionalInterface
  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }
}
