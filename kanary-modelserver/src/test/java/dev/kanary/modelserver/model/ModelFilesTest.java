package dev.kanary.modelserver.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanary.modelserver.TestModels;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
  @TempDir Path dir;

  @Test
  void prefersModelOnnx() throws Exception {
    touch("a.onnx");
    touch("model.onnx");

    assertThat(ModelFiles.locate(dir)).isEqualTo(dir.resolve("model.onnx"));
  }

  @Test
  void takesTheOnlyOnnxFile() throws Exception {
    touch("iris.onnx");
    touch("README.md");

    assertThat(ModelFiles.locate(dir)).isEqualTo(dir.resolve("iris.onnx"));
  }

  @Test
  void takesAnOnnxFileGivenDirectly() throws Exception {
    Path file = touch("iris.onnx");

    assertThat(ModelFiles.locate(file)).isEqualTo(file);
  }

  @Test
  void refusesADirectoryWithSeveralCandidates() throws Exception {
    touch("b.onnx");
    touch("a.onnx");

    assertThatThrownBy(() -> ModelFiles.locate(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(dir + " holds several .onnx files and no model.onnx: [a.onnx, b.onnx]");
  }

  @Test
  void refusesADirectoryWithoutModel() {
    assertThatThrownBy(() -> ModelFiles.locate(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no .onnx file in " + dir);
    assertThatThrownBy(() -> ModelFiles.locate(dir.resolve("missing")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("does not exist");
  }

  @Test
  void warmUpFeedsZerosWithDynamicDimensionsAtOne() {
    var signature =
        new ModelSignature(
            List.of(
                new TensorSpec("input", DataType.FP32, Shape.of(-1, 4)),
                new TensorSpec("words", DataType.BYTES, Shape.of(2))),
            List.of(new TensorSpec("label", DataType.INT64, Shape.of(-1))));

    List<Tensor> inputs = WarmUpInputs.of(signature);

    assertThat(inputs).extracting(Tensor::shape).containsExactly(Shape.of(1, 4), Shape.of(2));
    assertThat(inputs.get(0).byteSize()).isEqualTo(16);
    assertThat(inputs.get(1).byteSize()).isEqualTo(8);
  }

  @Test
  void theIrisDirectoriesHoldTheirModels() throws Exception {
    assertThat(ModelFiles.locate(TestModels.IRIS_2)).endsWith(Path.of("model-2", "model.onnx"));
  }

  private Path touch(String name) throws Exception {
    return Files.writeString(dir.resolve(name), "");
  }
}
