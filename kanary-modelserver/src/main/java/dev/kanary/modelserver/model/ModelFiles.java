package dev.kanary.modelserver.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the model file in a model directory, the way the storage initializer lays it out. */
public final class ModelFiles {
  static final String DEFAULT_NAME = "model.onnx";

  private ModelFiles() {}

  /**
   * {@code model.onnx} when present, else the directory's only {@code .onnx} file; a path that is
   * itself an {@code .onnx} file is taken as it is.
   *
   * @throws IllegalArgumentException when there is no such file, or more than one to choose from
   */
  public static Path locate(Path modelDir) throws IOException {
    if (Files.isRegularFile(modelDir) && isOnnx(modelDir)) {
      return modelDir;
    }
    if (!Files.isDirectory(modelDir)) {
      throw new IllegalArgumentException("model directory " + modelDir + " does not exist");
    }
    Path preferred = modelDir.resolve(DEFAULT_NAME);
    if (Files.isRegularFile(preferred)) {
      return preferred;
    }
    List<Path> candidates;
    try (Stream<Path> files = Files.list(modelDir)) {
      candidates = files.filter(Files::isRegularFile).filter(ModelFiles::isOnnx).sorted().toList();
    }
    return switch (candidates.size()) {
      case 0 -> throw new IllegalArgumentException("no .onnx file in " + modelDir);
      case 1 -> candidates.getFirst();
      default ->
          throw new IllegalArgumentException(
              modelDir + " holds several .onnx files and no " + DEFAULT_NAME + ": "
                  + candidates.stream().map(path -> path.getFileName().toString()).toList());
    };
  }

  private static boolean isOnnx(Path file) {
    return file.getFileName().toString().endsWith(".onnx");
  }
}
