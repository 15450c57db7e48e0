package dev.kanary.modelserver.model;

import static dev.kanary.modelserver.TestTensors.floats;
import static dev.kanary.modelserver.TestTensors.fp32;
import static dev.kanary.modelserver.TestTensors.longs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanary.modelserver.TestModels;
import dev.kanary.modelserver.json.JsonBodies;
import dev.kanary.modelserver.json.JsonTensorReader;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxModelTest {
  private static final Tensor TWO_FLOWERS =
      fp32("input", Shape.of(2, 4), 6.8f, 2.8f, 4.8f, 1.4f, 6.0f, 3.4f, 4.5f, 1.6f);

  @ParameterizedTest
  @ValueSource(strings = {"model-1", "model-2"})
  void irisModelsClassifyBothFlowersAsVersicolor(String version) throws Exception {
    try (OnnxModel model = ModelLoader.loadAndWarmUp(TestModels.IRIS_DIR.resolve(version))) {
      assertThat(model.signature())
          .isEqualTo(
              new ModelSignature(
                  List.of(new TensorSpec("input", DataType.FP32, Shape.of(-1, 4))),
                  List.of(
                      new TensorSpec("label", DataType.INT64, Shape.of(-1)),
                      new TensorSpec("probabilities", DataType.FP32, Shape.of(-1, 3)))));

      List<Tensor> outputs = model.run(List.of(TWO_FLOWERS), List.of("label", "probabilities"));

      assertThat(longs(outputs.get(0))).containsExactly(1, 1);
      assertThat(outputs.get(1).shape()).isEqualTo(Shape.of(2, 3));
      float[] probabilities = floats(outputs.get(1));
      assertThat(probabilities[1]).isGreaterThan(0.5f);
      assertThat(probabilities[0] + probabilities[1] + probabilities[2]).isCloseTo(1f, within());
    }
  }

  @Test
  void runsOnlyTheOutputsAskedFor() throws Exception {
    try (OnnxModel model = OnnxModel.load(TestModels.IRIS_1.resolve("model.onnx"))) {
      assertThat(model.run(List.of(TWO_FLOWERS), List.of("probabilities")))
          .extracting(Tensor::name)
          .containsExactly("probabilities");
    }
  }

  @Test
  void passesEveryFeedableDatatypeThrough(@TempDir Path dir) throws Exception {
    Path file = TestModels.writeIdentityModel(dir, TestModels.FEEDABLE);
    try (OnnxModel model = OnnxModel.load(file)) {
      List<Tensor> inputs = new ArrayList<>();
      List<String> outputs = new ArrayList<>();
      for (DataType type : TestModels.FEEDABLE) {
        String suffix = type.name().toLowerCase(java.util.Locale.ROOT);
        String data = switch (type) {
          case BOOL -> "[[true, false]]";
          case BYTES -> "[[\"a\", \"héllo\"]]";
          case INT8, INT16, INT32, INT64 -> "[[-3, 7]]";
          case UINT8 -> "[[250, 7]]";
          default -> "[[1.5, -2.0]]";
        };
        inputs.add(
            JsonTensorReader.read(
                "in_" + suffix, type, Shape.of(1, 2), JsonBodies.parse(data.getBytes(StandardCharsets.UTF_8))));
        outputs.add("out_" + suffix);
      }
      assertThat(model.signature().inputs()).extracting(TensorSpec::datatype)
          .containsExactlyElementsOf(TestModels.FEEDABLE);

      List<Tensor> results = model.run(inputs, outputs);

      for (int i = 0; i < inputs.size(); i++) {
        assertThat(results.get(i).datatype()).isEqualTo(inputs.get(i).datatype());
        assertThat(results.get(i).shape()).isEqualTo(Shape.of(1, 2));
        assertThat(results.get(i).data()).as(outputs.get(i)).isEqualTo(inputs.get(i).data());
      }
    }
  }

  @Test
  void refusesAModelWithInputsTheJavaApiCannotFeed(@TempDir Path dir) {
    Path file = TestModels.writeIdentityModel(dir, List.of(DataType.UINT16));

    assertThatThrownBy(() -> OnnxModel.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input in_uint16 is UINT16, which ONNX Runtime's Java API cannot feed");
  }

  private static org.assertj.core.data.Offset<Float> within() {
    return org.assertj.core.data.Offset.offset(1e-4f);
  }
}
