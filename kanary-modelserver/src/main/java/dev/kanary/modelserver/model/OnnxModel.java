package dev.kanary.modelserver.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.TensorInfo;
import dev.kanary.modelserver.tensor.BytesElements;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model in an ONNX Runtime session. One session serves every request: ONNX Runtime runs a
 * session from many threads at once.
 */
public final class OnnxModel implements AutoCloseable {
  /** The platform name the inference protocol gives ONNX Runtime models, as Triton reports it. */
  public static final String PLATFORM = "onnxruntime_onnx";

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final ModelSignature signature;

  private OnnxModel(OrtEnvironment environment, OrtSession session, ModelSignature signature) {
    this.environment = environment;
    this.session = session;
    this.signature = signature;
  }

  /**
   * Opens the model file with the ai.onnx.ml operators that ONNX Runtime builds in.
   *
   * @throws IllegalArgumentException when the model has inputs or outputs this server cannot
   *     exchange
   */
  public static OnnxModel load(Path file) throws OrtException {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      // Tensors travel little-endian and ONNX Runtime reads buffers in native order.
      throw new IllegalStateException("the model server needs a little-endian platform");
    }
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (SessionOptions options = new SessionOptions()) {
      // Requests already run in parallel on the server's event loops; an intra-op pool per request
      // would compete with them for the same cores and spin between requests.
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
      session = environment.createSession(file.toString(), options);
    }
    try {
      return new OnnxModel(environment, session, readSignature(session));
    } catch (RuntimeException | OrtException e) {
      session.close();
      throw e;
    }
  }

  public ModelSignature signature() {
    return signature;
  }

  /**
   * Runs the model on inputs that have passed the signature's checks.
   *
   * @param outputs the outputs wanted, in order
   */
  public List<Tensor> run(List<Tensor> inputs, List<String> outputs) throws OrtException {
    Map<String, OnnxTensor> feeds = new HashMap<>();
    try {
      for (Tensor input : inputs) {
        feeds.put(input.name(), toOnnx(input));
      }
      try (OrtSession.Result result = session.run(feeds, new LinkedHashSet<>(outputs))) {
        List<Tensor> tensors = new ArrayList<>(outputs.size());
        for (String name : outputs) {
          OnnxValue value = result.get(name).orElseThrow();
          tensors.add(fromOnnx(name, (OnnxTensor) value));
        }
        return tensors;
      }
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }

  private OnnxTensor toOnnx(Tensor tensor) throws OrtException {
    long[] shape = tensor.shape().dims();
    if (tensor.datatype() == DataType.BYTES) {
      String[] strings =
          BytesElements.decode(tensor.data()).stream()
              .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
              .toArray(String[]::new);
      return OnnxTensor.createTensor(environment, strings, shape);
    }
    OnnxJavaType type = OnnxTypes.inputType(tensor.datatype()).orElseThrow();
    // ONNX Runtime reads a direct buffer in place; a heap buffer it would convert by element type.
    ByteBuffer direct =
        ByteBuffer.allocateDirect(tensor.byteSize()).order(ByteOrder.nativeOrder()).put(tensor.data());
    return OnnxTensor.createTensor(environment, direct.flip(), shape, type);
  }

  private static Tensor fromOnnx(String name, OnnxTensor value) throws OrtException {
    TensorInfo info = value.getInfo();
    Shape shape = Shape.of(info.getShape());
    DataType type = OnnxTypes.dataType(info.onnxType).orElseThrow();
    if (type == DataType.BYTES) {
      List<byte[]> elements = new ArrayList<>();
      flattenStrings(value.getValue(), elements);
      return new Tensor(name, type, shape, BytesElements.encode(elements));
    }
    // A copy in native order, which load() made sure is little-endian.
    return new Tensor(name, type, shape, value.getByteBuffer());
  }

  private static void flattenStrings(Object value, List<byte[]> into) {
    if (value instanceof String string) {
      into.add(string.getBytes(StandardCharsets.UTF_8));
      return;
    }
    for (int i = 0, n = Array.getLength(value); i < n; i++) {
      flattenStrings(Array.get(value, i), into);
    }
  }

  private static ModelSignature readSignature(OrtSession session) throws OrtException {
    List<TensorSpec> inputs = specs(session.getInputInfo(), "input");
    for (TensorSpec input : inputs) {
      if (OnnxTypes.inputType(input.datatype()).isEmpty()) {
        throw new IllegalArgumentException(
            "input " + input.name() + " is " + input.datatype()
                + ", which ONNX Runtime's Java API cannot feed");
      }
    }
    List<TensorSpec> outputs = specs(session.getOutputInfo(), "output");
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("the model has no tensor outputs");
    }
    return new ModelSignature(inputs, outputs);
  }

  /**
   * The tensor inputs or outputs. Outputs that are sequences or maps (such as a ZipMap of class
   * probabilities) are left out: the protocol only carries tensors. Such an input is an error.
   */
  private static List<TensorSpec> specs(Map<String, NodeInfo> nodes, String role) {
    List<TensorSpec> specs = new ArrayList<>();
    for (NodeInfo node : nodes.values()) {
      if (!(node.getInfo() instanceof TensorInfo info)) {
        if (role.equals("input")) {
          throw new IllegalArgumentException(
              "input " + node.getName() + " is not a tensor: " + node.getInfo());
        }
        continue;
      }
      DataType type =
          OnnxTypes.dataType(info.onnxType)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          role + " " + node.getName() + " has element type " + info.onnxType
                              + ", which the inference protocol cannot carry"));
      specs.add(new TensorSpec(node.getName(), type, Shape.of(info.getShape())));
    }
    return specs;
  }
}
