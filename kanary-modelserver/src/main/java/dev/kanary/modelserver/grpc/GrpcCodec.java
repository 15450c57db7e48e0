package dev.kanary.modelserver.grpc;

import com.google.protobuf.ByteString;
import dev.kanary.modelserver.grpc.proto.InferTensorContents;
import dev.kanary.modelserver.grpc.proto.ModelInferRequest;
import dev.kanary.modelserver.grpc.proto.ModelInferRequest.InferInputTensor;
import dev.kanary.modelserver.grpc.proto.ModelInferResponse;
import dev.kanary.modelserver.grpc.proto.ModelInferResponse.InferOutputTensor;
import dev.kanary.modelserver.grpc.proto.ModelMetadataResponse;
import dev.kanary.modelserver.grpc.proto.ModelMetadataResponse.TensorMetadata;
import dev.kanary.modelserver.inference.InferenceRequest;
import dev.kanary.modelserver.inference.InferenceResponse;
import dev.kanary.modelserver.inference.ServingException;
import dev.kanary.modelserver.model.ModelSignature;
import dev.kanary.modelserver.model.TensorSpec;
import dev.kanary.modelserver.tensor.BytesElements;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The gRPC messages against the protocol-neutral requests. Raw contents are the tensors' own layout
 * and pass through; typed contents are converted element by element.
 */
public final class GrpcCodec {
  private GrpcCodec() {}

  /**
   * @throws ServingException of kind INVALID_INPUT when the message is not a valid request
   */
  public static InferenceRequest decodeInfer(ModelInferRequest request) {
    boolean raw = request.getRawInputContentsCount() > 0;
    if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
      throw ServingException.invalidInput(
          "raw_input_contents has " + request.getRawInputContentsCount() + " entries for "
              + request.getInputsCount() + " inputs.");
    }
    List<Tensor> inputs = new ArrayList<>(request.getInputsCount());
    for (int i = 0; i < request.getInputsCount(); i++) {
      InferInputTensor input = request.getInputs(i);
      String prefix = "Input \"" + input.getName() + "\": ";
      DataType type =
          DataType.parse(input.getDatatype())
              .orElseThrow(
                  () ->
                      ServingException.invalidInput(
                          prefix + "unknown datatype \"" + input.getDatatype() + "\"."));
      Shape shape = shape(prefix, input.getShapeList());
      ByteBuffer data;
      if (raw) {
        if (input.hasContents()) {
          throw ServingException.invalidInput(
              prefix + "contents must be empty when raw_input_contents is used.");
        }
        data = request.getRawInputContents(i).asReadOnlyByteBuffer();
      } else {
        data = fromContents(prefix, type, input.getContents());
      }
      inputs.add(new Tensor(input.getName(), type, shape, data));
    }
    List<String> outputs =
        request.getOutputsList().stream()
            .map(ModelInferRequest.InferRequestedOutputTensor::getName)
            .toList();
    String id = request.getId().isEmpty() ? UUID.randomUUID().toString() : request.getId();
    return new InferenceRequest(id, inputs, outputs);
  }

  /**
   * @param raw whether to answer in raw_output_contents; FP16 and BF16 outputs force it, since
   *     typed contents have no field for them
   */
  public static ModelInferResponse encodeInfer(InferenceResponse response, boolean raw) {
    boolean useRaw =
        raw
            || response.outputs().stream()
                .anyMatch(t -> t.datatype() == DataType.FP16 || t.datatype() == DataType.BF16);
    ModelInferResponse.Builder builder =
        ModelInferResponse.newBuilder().setModelName(response.modelName()).setId(response.id());
    for (Tensor output : response.outputs()) {
      InferOutputTensor.Builder tensor =
          InferOutputTensor.newBuilder()
              .setName(output.name())
              .setDatatype(output.datatype().name())
              .addAllShape(output.shape().toList());
      if (useRaw) {
        builder.addRawOutputContents(ByteString.copyFrom(output.data()));
      } else {
        tensor.setContents(toContents(output));
      }
      builder.addOutputs(tensor);
    }
    return builder.build();
  }

  public static ModelMetadataResponse modelMetadata(
      String name, String platform, ModelSignature signature) {
    return ModelMetadataResponse.newBuilder()
        .setName(name)
        .setPlatform(platform)
        .addAllInputs(signature.inputs().stream().map(GrpcCodec::metadata).toList())
        .addAllOutputs(signature.outputs().stream().map(GrpcCodec::metadata).toList())
        .build();
  }

  private static TensorMetadata metadata(TensorSpec spec) {
    return TensorMetadata.newBuilder()
        .setName(spec.name())
        .setDatatype(spec.datatype().name())
        .addAllShape(spec.shape().toList())
        .build();
  }

  private static Shape shape(String prefix, List<Long> dims) {
    if (dims.stream().anyMatch(dim -> dim < 0)) {
      throw ServingException.invalidInput(
          prefix + "expected shape to hold sizes of 0 or more, got " + dims + ".");
    }
    return Shape.of(dims);
  }

  private static ByteBuffer fromContents(String prefix, DataType type, InferTensorContents c) {
    return switch (type) {
      case BOOL -> {
        ByteBuffer buffer = allocate(c.getBoolContentsCount(), type);
        c.getBoolContentsList().forEach(value -> buffer.put((byte) (value ? 1 : 0)));
        yield buffer.flip();
      }
      case INT8, INT16, INT32 -> {
        ByteBuffer buffer = allocate(c.getIntContentsCount(), type);
        for (int value : c.getIntContentsList()) {
          switch (type) {
            case INT8 -> buffer.put((byte) inRange(prefix, type, value, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case INT16 ->
                buffer.putShort((short) inRange(prefix, type, value, Short.MIN_VALUE, Short.MAX_VALUE));
            default -> buffer.putInt(value);
          }
        }
        yield buffer.flip();
      }
      case UINT8, UINT16, UINT32 -> {
        ByteBuffer buffer = allocate(c.getUintContentsCount(), type);
        for (int value : c.getUintContentsList()) {
          long unsigned = Integer.toUnsignedLong(value);
          switch (type) {
            case UINT8 -> buffer.put((byte) inRange(prefix, type, unsigned, 0, 0xff));
            case UINT16 -> buffer.putShort((short) inRange(prefix, type, unsigned, 0, 0xffff));
            default -> buffer.putInt(value);
          }
        }
        yield buffer.flip();
      }
      case INT64 -> {
        ByteBuffer buffer = allocate(c.getInt64ContentsCount(), type);
        c.getInt64ContentsList().forEach(buffer::putLong);
        yield buffer.flip();
      }
      case UINT64 -> {
        ByteBuffer buffer = allocate(c.getUint64ContentsCount(), type);
        c.getUint64ContentsList().forEach(buffer::putLong);
        yield buffer.flip();
      }
      case FP32 -> {
        ByteBuffer buffer = allocate(c.getFp32ContentsCount(), type);
        c.getFp32ContentsList().forEach(buffer::putFloat);
        yield buffer.flip();
      }
      case FP64 -> {
        ByteBuffer buffer = allocate(c.getFp64ContentsCount(), type);
        c.getFp64ContentsList().forEach(buffer::putDouble);
        yield buffer.flip();
      }
      case BYTES ->
          BytesElements.encode(c.getBytesContentsList().stream().map(ByteString::toByteArray).toList());
      case FP16, BF16 ->
          throw ServingException.invalidInput(
              prefix + type + " has no typed contents field; send it in raw_input_contents.");
    };
  }

  private static long inRange(String prefix, DataType type, long value, long min, long max) {
    if (value < min || value > max) {
      throw ServingException.invalidInput(
          prefix + value + " is out of range for " + type + " (" + min + " to " + max + ").");
    }
    return value;
  }

  private static ByteBuffer allocate(int count, DataType type) {
    return ByteBuffer.allocate(count * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static InferTensorContents toContents(Tensor tensor) {
    ByteBuffer data = tensor.data();
    InferTensorContents.Builder contents = InferTensorContents.newBuilder();
    DataType type = tensor.datatype();
    int count = type.isFixedWidth() ? data.remaining() / type.byteSize() : 0;
    for (int i = 0; i < count; i++) {
      int at = i * type.byteSize();
      switch (type) {
        case BOOL -> contents.addBoolContents(data.get(at) != 0);
        case INT8 -> contents.addIntContents(data.get(at));
        case INT16 -> contents.addIntContents(data.getShort(at));
        case INT32 -> contents.addIntContents(data.getInt(at));
        case INT64 -> contents.addInt64Contents(data.getLong(at));
        case UINT8 -> contents.addUintContents(Byte.toUnsignedInt(data.get(at)));
        case UINT16 -> contents.addUintContents(Short.toUnsignedInt(data.getShort(at)));
        case UINT32 -> contents.addUintContents(data.getInt(at));
        case UINT64 -> contents.addUint64Contents(data.getLong(at));
        case FP32 -> contents.addFp32Contents(data.getFloat(at));
        case FP64 -> contents.addFp64Contents(data.getDouble(at));
        case FP16, BF16, BYTES -> throw new IllegalArgumentException(type + " is not element-wise");
      }
    }
    if (type == DataType.BYTES) {
      BytesElements.decode(data).forEach(bytes -> contents.addBytesContents(ByteString.copyFrom(bytes)));
    }
    return contents.build();
  }
}
