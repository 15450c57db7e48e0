package dev.kanary.server.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Payloads and directory snapshots for the storage tests. */
final class TestFiles {
  private TestFiles() {}

  /** The iris model the examples serve, found from the module or the repository root. */
  static byte[] irisModel() {
    Path relative = Path.of("examples/models/iris/model-1/model.onnx");
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(relative))) {
        return read(dir.resolve(relative));
      }
    }
    throw new IllegalStateException("cannot find " + relative + " above the working directory");
  }

  /** A zip of {@code entries} in order, content as ISO-8859-1; a name ending in / is a dir. */
  static byte[] zip(Map<String, String> entries) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(StandardCharsets.ISO_8859_1));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /**
   * Every regular file under {@code dir} by its relative path, with its bytes as ISO-8859-1 text so
   * that contents compare by value.
   */
  static Map<String, String> snapshot(Path dir) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.filter(Files::isRegularFile)
          .forEach(path -> files.put(dir.relativize(path).toString(), text(read(path))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Every path under {@code dir} whose file name is {@code name}. */
  static Stream<Path> find(Path dir, String name) {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(path -> path.getFileName().toString().equals(name)).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
