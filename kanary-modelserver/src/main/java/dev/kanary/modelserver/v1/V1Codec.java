package dev.kanary.modelserver.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kanary.modelserver.inference.ServingException;
import dev.kanary.modelserver.json.JsonBodies;
import dev.kanary.modelserver.json.JsonTensorReader;
import dev.kanary.modelserver.json.JsonTensorWriter;
import dev.kanary.modelserver.model.ModelSignature;
import dev.kanary.modelserver.model.TensorSpec;
import dev.kanary.modelserver.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * KServe's V1 (TensorFlow Serving style) bodies. V1 carries neither names nor types, so the
 * instances take them from the model: a list of rows feeds a model's only input, and a list of
 * objects keyed by input name feeds a model with several.
 */
public final class V1Codec {
  private V1Codec() {}

  /**
   * The input tensors of a predict body, {@code {"instances": [...]}} or {@code {"inputs": [...]}},
   * each stacking one row per instance.
   *
   * @throws ServingException of kind INVALID_INPUT when the body has no list of instances, or they
   *     do not fit the model's inputs
   */
  public static List<Tensor> decodeInstances(JsonNode body, ModelSignature signature) {
    if (!body.isObject()) {
      throw ServingException.invalidInput("Expected the request body to be a JSON object.");
    }
    String key = body.has("instances") ? "instances" : body.has("inputs") ? "inputs" : null;
    if (key == null) {
      throw ServingException.invalidInput("Expected \"instances\" or \"inputs\" in the request body");
    }
    JsonNode instances = body.get(key);
    if (!instances.isArray()) {
      throw ServingException.invalidInput("Expected \"" + key + "\" to be a list");
    }
    if (instances.isEmpty()) {
      throw ServingException.invalidInput("Expected \"" + key + "\" to hold at least one instance");
    }
    return instances.get(0).isObject()
        ? named(key, instances, signature)
        : List.of(unnamed(key, instances, signature));
  }

  /** {@code {"predictions": [...]}}: the first output, one entry per instance. */
  public static byte[] encodePredictions(Tensor firstOutput) {
    return JsonBodies.write(
        generator -> {
          generator.writeStartObject();
          generator.writeFieldName("predictions");
          JsonTensorWriter.writeNested(generator, firstOutput);
          generator.writeEndObject();
        });
  }

  private static Tensor unnamed(String key, JsonNode instances, ModelSignature signature) {
    if (signature.inputs().size() != 1) {
      throw ServingException.invalidInput(
          "The model has " + signature.inputs().size() + " inputs, " + signature.describeInputs()
              + "; send each instance as an object keyed by input name.");
    }
    return stack(key, signature.inputs().getFirst(), instances);
  }

  private static List<Tensor> named(String key, JsonNode instances, ModelSignature signature) {
    List<String> names = new ArrayList<>();
    instances.get(0).fieldNames().forEachRemaining(names::add);
    List<Tensor> tensors = new ArrayList<>(names.size());
    for (String name : names) {
      TensorSpec spec =
          signature
              .input(name)
              .orElseThrow(
                  () ->
                      ServingException.invalidInput(
                          "Unexpected input \"" + name + "\": the model's inputs are "
                              + signature.describeInputs() + "."));
      ArrayNode column = JsonNodeFactory.instance.arrayNode(instances.size());
      Iterator<JsonNode> rows = instances.elements();
      for (int i = 0; rows.hasNext(); i++) {
        JsonNode row = rows.next();
        if (!row.isObject() || row.size() != names.size() || !row.has(name)) {
          throw ServingException.invalidInput(
              "Instance " + i + " of \"" + key + "\" does not have the same inputs " + names
                  + " as the first.");
        }
        column.add(row.get(name));
      }
      tensors.add(stack(key, spec, column));
    }
    return tensors;
  }

  private static Tensor stack(String key, TensorSpec spec, JsonNode rows) {
    String what = "\"" + key + "\" for input \"" + spec.name() + "\"";
    return JsonTensorReader.read(
        spec.name(), spec.datatype(), JsonTensorReader.nestedShape(what, rows), rows);
  }
}
