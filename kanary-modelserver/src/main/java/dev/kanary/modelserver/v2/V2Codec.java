package dev.kanary.modelserver.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.modelserver.inference.InferenceRequest;
import dev.kanary.modelserver.inference.InferenceResponse;
import dev.kanary.modelserver.inference.ServingException;
import dev.kanary.modelserver.json.JsonBodies;
import dev.kanary.modelserver.json.JsonTensorReader;
import dev.kanary.modelserver.json.JsonTensorWriter;
import dev.kanary.modelserver.model.ModelSignature;
import dev.kanary.modelserver.model.OnnxModel;
import dev.kanary.modelserver.model.TensorSpec;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The Open Inference Protocol's JSON bodies. */
public final class V2Codec {
  private V2Codec() {}

  /**
   * An inference request body; a request without an id gets a random UUID.
   *
   * @throws ServingException of kind INVALID_INPUT when the body is not a request
   */
  public static InferenceRequest decodeInfer(JsonNode body) {
    if (!body.isObject()) {
      throw ServingException.invalidInput("Expected the request body to be a JSON object.");
    }
    String id = id(body.get("id"));
    JsonNode inputs = body.get("inputs");
    if (inputs == null || !inputs.isArray()) {
      throw ServingException.invalidInput("Expected \"inputs\" to be a list");
    }
    List<Tensor> tensors = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      tensors.add(input(i, inputs.get(i)));
    }
    return new InferenceRequest(id, tensors, outputs(body.get("outputs")));
  }

  public static byte[] encodeInfer(InferenceResponse response) {
    return JsonBodies.write(
        generator -> {
          generator.writeStartObject();
          generator.writeStringField("model_name", response.modelName());
          generator.writeStringField("id", response.id());
          generator.writeArrayFieldStart("outputs");
          for (Tensor output : response.outputs()) {
            writeOutput(generator, output);
          }
          generator.writeEndArray();
          generator.writeEndObject();
        });
  }

  public static ObjectNode modelMetadata(String name, ModelSignature signature) {
    ObjectNode metadata = JsonBodies.object().put("name", name).put("platform", OnnxModel.PLATFORM);
    addSpecs(metadata.putArray("inputs"), signature.inputs());
    addSpecs(metadata.putArray("outputs"), signature.outputs());
    return metadata;
  }

  private static String id(JsonNode id) {
    if (id == null || id.isNull()) {
      return UUID.randomUUID().toString();
    }
    if (!id.isTextual()) {
      throw ServingException.invalidInput("Expected \"id\" to be a string, got " + id + ".");
    }
    return id.textValue();
  }

  private static Tensor input(int index, JsonNode input) {
    if (!input.isObject()) {
      throw ServingException.invalidInput("Input " + index + " is not an object.");
    }
    JsonNode name = input.get("name");
    if (name == null || !name.isTextual()) {
      throw ServingException.invalidInput("Input " + index + " has no \"name\" string.");
    }
    String prefix = "Input \"" + name.textValue() + "\": ";
    DataType datatype = datatype(prefix, input.get("datatype"));
    Shape shape = shape(prefix, input.get("shape"));
    JsonNode data = input.get("data");
    if (data == null || data.isNull()) {
      throw ServingException.invalidInput(prefix + "no \"data\".");
    }
    return JsonTensorReader.read(name.textValue(), datatype, shape, data);
  }

  private static DataType datatype(String prefix, JsonNode datatype) {
    String known = "one of " + List.of(DataType.values());
    if (datatype == null || !datatype.isTextual()) {
      throw ServingException.invalidInput(prefix + "expected \"datatype\" to be " + known + ".");
    }
    return DataType.parse(datatype.textValue())
        .orElseThrow(
            () ->
                ServingException.invalidInput(
                    prefix + "unknown datatype " + datatype + "; expected " + known + "."));
  }

  private static Shape shape(String prefix, JsonNode shape) {
    if (shape == null || !shape.isArray()) {
      throw ServingException.invalidInput(prefix + "expected \"shape\" to be a list of sizes.");
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      JsonNode dim = shape.get(i);
      if (!dim.canConvertToExactIntegral() || !dim.canConvertToLong() || dim.longValue() < 0) {
        throw ServingException.invalidInput(
            prefix + "expected \"shape\" to hold sizes of 0 or more, got " + shape + ".");
      }
      dims[i] = dim.longValue();
    }
    return Shape.of(dims);
  }

  private static List<String> outputs(JsonNode outputs) {
    if (outputs == null || outputs.isNull()) {
      return List.of();
    }
    if (!outputs.isArray()) {
      throw ServingException.invalidInput("Expected \"outputs\" to be a list");
    }
    List<String> names = new ArrayList<>(outputs.size());
    for (JsonNode output : outputs) {
      JsonNode name = output.get("name");
      if (name == null || !name.isTextual()) {
        throw ServingException.invalidInput(
            "Requested output " + names.size() + " has no \"name\" string.");
      }
      names.add(name.textValue());
    }
    return names;
  }

  private static void writeOutput(JsonGenerator generator, Tensor output) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("name", output.name());
    generator.writeStringField("datatype", output.datatype().name());
    generator.writeArrayFieldStart("shape");
    for (long dim : output.shape().dims()) {
      generator.writeNumber(dim);
    }
    generator.writeEndArray();
    generator.writeFieldName("data");
    JsonTensorWriter.writeFlat(generator, output);
    generator.writeEndObject();
  }

  private static void addSpecs(ArrayNode array, List<TensorSpec> specs) {
    for (TensorSpec spec : specs) {
      ObjectNode node = array.addObject().put("name", spec.name());
      node.put("datatype", spec.datatype().name());
      ArrayNode shape = node.putArray("shape");
      spec.shape().toList().forEach(shape::add);
    }
  }
}
